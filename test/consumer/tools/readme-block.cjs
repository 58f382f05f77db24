// Prints the README code block that follows the line `<!-- smoke: NAME -->` (exit 1 when there is none),
// so the smoke test runs the commands and files the README shows, not copies of them.
const fs = require('fs');
const [readme, name] = process.argv.slice(2);
const lines = fs.readFileSync(readme, 'utf8').split('\n');
const marker = lines.indexOf(`<!-- smoke: ${name} -->`);
const open = marker < 0 ? -1 : lines.findIndex((l, i) => i > marker && l.startsWith('```'));
const close = open < 0 ? -1 : lines.findIndex((l, i) => i > open && l === '```');
if (close < 0) {
  console.error(`readme-block: no code block after <!-- smoke: ${name} --> in ${readme}`);
  process.exit(1);
}
process.stdout.write(lines.slice(open + 1, close).join('\n') + '\n');
