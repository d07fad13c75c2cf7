import { buildTemplate, templateDir } from './pgdata-template.js';

// Run by the server's build, after tsc.
await buildTemplate();
console.log(`PGlite data folder template: ${templateDir}`);
