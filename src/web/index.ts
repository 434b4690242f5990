export { createWebApp, isPlausibleId, WEB_ROUTE_PATTERNS, type WebAppOptions, type WebRequestHandler } from './web-app';
export { ArchiveCatalog, catalogOf, type ArchiveIssue, type SourceArchive } from './archive';
export { startWebServer, type WebServer } from './web-server';
export { PAGE_PATHS } from './page-models';
