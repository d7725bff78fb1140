// Starts the editor: our file format for each data file (zorgsaam-yaml.mjs), then the CMS
// with config.yml (made by macros/build/cms.py).
import { parse } from './yaml/index.js';
import { makeFormat } from './zorgsaam-yaml.mjs';

const shapes = await (await fetch('shapes.json')).json();
for (const [file, shape] of Object.entries(shapes)) {
  window.CMS.registerCustomFormat(`zorgsaam-${file}`, 'yml', makeFormat(parse, shape));
}
window.CMS.init();
