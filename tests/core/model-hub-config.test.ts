/**
 * The model-download variables (issue 14): `HF_ENDPOINT` (mirror), `HF_TOKEN`, and the proxy variables in both
 * cases, as the config reads them; and which proxy a hub URL goes through under `NO_PROXY`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type ModelHubConfig } from '../../src/core';
import { hubFileUrl, proxyInUse } from '../../src/embed';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'model-hub-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function hubOf(environment: Record<string, string>): ModelHubConfig {
  return loadConfig(environment, scratch).embedder.hub;
}

describe('model hub configuration', () => {
  it('defaults to huggingface.co, no token, no proxy', () => {
    expect(hubOf({})).toEqual({ endpoint: 'https://huggingface.co', token: undefined, proxy: { httpsProxy: undefined, httpProxy: undefined, noProxy: '' } });
  });

  it('HF_ENDPOINT sets the mirror (trailing slashes dropped); a non-URL is a configuration error naming it', () => {
    expect(hubOf({ HF_ENDPOINT: 'https://hf-mirror.com/' }).endpoint).toBe('https://hf-mirror.com');
    expect(() => loadConfig({ HF_ENDPOINT: 'hf-mirror.com' }, scratch)).toThrow(ConfigError);
    const error = (() => {
      try {
        loadConfig({ HF_ENDPOINT: 'ftp://hf-mirror.com' }, scratch);
        return null;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.join('\n')).toMatch(/HF_ENDPOINT: must be an http:\/\/ or https:\/\/ URL/u);
  });

  it('lower-case proxy variables win; HTTPS falls back to the HTTP proxy; NO_PROXY is read in both cases', () => {
    expect(hubOf({ HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128' }).proxy.httpsProxy).toBe('http://lower:3128');
    expect(hubOf({ HTTP_PROXY: 'http://only-http:8080' }).proxy).toEqual({ httpsProxy: 'http://only-http:8080', httpProxy: 'http://only-http:8080', noProxy: '' });
    expect(hubOf({ no_proxy: 'localhost', NO_PROXY: 'other' }).proxy.noProxy).toBe('localhost');
    expect(hubOf({ NO_PROXY: '.corp.example' }).proxy.noProxy).toBe('.corp.example');
  });

  it('HF_TOKEN is kept for the download (and nowhere in the endpoint)', () => {
    const hub = hubOf({ HF_TOKEN: 'hf_abc' });
    expect(hub.token).toBe('hf_abc');
    expect(hub.endpoint).not.toContain('hf_abc');
  });
});

describe('hub URLs and proxy routing', () => {
  const hub = (noProxy: string): ModelHubConfig => ({
    endpoint: 'https://hf-mirror.com',
    token: undefined,
    proxy: { httpsProxy: 'http://user:pw@proxy.corp:3128', httpProxy: 'http://plain-proxy:8080', noProxy },
  });

  it('lays files out like the hub: <endpoint>/<org>/<name>/resolve/<revision>/<file>', () => {
    expect(hubFileUrl('https://hf-mirror.com/', 'Xenova/bge-m3', 'onnx/model_quantized.onnx')).toBe(
      'https://hf-mirror.com/Xenova/bge-m3/resolve/main/onnx/model_quantized.onnx',
    );
    expect(hubFileUrl('https://hf-mirror.com', 'org/name with space', 'config.json', 'v1.0')).toBe(
      'https://hf-mirror.com/org/name%20with%20space/resolve/v1.0/config.json',
    );
  });

  it('names the proxy per scheme without credentials, and none when NO_PROXY covers the host', () => {
    expect(proxyInUse('https://hf-mirror.com/x', hub(''))).toBe('http://proxy.corp:3128');
    expect(proxyInUse('http://127.0.0.1:9/x', hub(''))).toBe('http://plain-proxy:8080');
    expect(proxyInUse('https://hf-mirror.com/x', hub('hf-mirror.com'))).toBeNull();
    expect(proxyInUse('https://cdn.hf-mirror.com/x', hub('.hf-mirror.com'))).toBeNull();
    expect(proxyInUse('https://cdn.hf-mirror.com/x', hub('*.hf-mirror.com'))).toBeNull();
    expect(proxyInUse('https://nothf-mirror.com/x', hub('hf-mirror.com'))).toBe('http://proxy.corp:3128');
    expect(proxyInUse('https://hf-mirror.com/x', hub('hf-mirror.com:8443'))).toBe('http://proxy.corp:3128');
    expect(proxyInUse('https://hf-mirror.com/x', hub('hf-mirror.com:443'))).toBeNull();
    expect(proxyInUse('https://hf-mirror.com/x', hub('*'))).toBeNull();
  });
});
