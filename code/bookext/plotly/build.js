// plotly.js with only the trace types the book draws (bundle.json), bundled the
// way plotly.js bundles its own dist files (its esbuild-config.js), minified.
const fs = require('fs');
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');

const spec = JSON.parse(fs.readFileSync('bundle.json', 'utf8'));
const version = require('plotly.js/package.json').version;
if (version !== spec['plotly.js']) throw new Error(`plotly.js ${version} installed, bundle.json wants ${spec['plotly.js']}`);
const traces = spec.traces.filter((t) => t !== 'scatter'); // scatter is part of the core
fs.writeFileSync('entry.js', [
  "var Plotly = require('plotly.js/lib/core');",
  'Plotly.register([' + traces.map((t) => `require('plotly.js/lib/${t}')`).join(', ') + ']);',
  'module.exports = Plotly;', ''].join('\n'));

esbuild.build({
  entryPoints: ['entry.js'], outfile: 'plotly-book.min.js', format: 'iife', globalName: 'Plotly',
  bundle: true, minify: true, sourcemap: false, legalComments: 'eof',
  banner: { js: `/* plotly.js v${version} (MIT, see LICENSE.plotly.js), traces: ${spec.traces.join(', ')} */` },
  plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
  alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' }, target: 'es2016', logLevel: 'info',
}).catch(() => process.exit(1));
