export * from './types';
export * from './errors';
export * from './config';
export * from './logger';
export * from './json-lines';
export * from './text-memo';
export * from './abort';
export * from './model-hub-config';
