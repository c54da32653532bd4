/**
 * The widget's look. A host themes it with these custom properties, or styles its parts with
 * `vcc-payment::part(button)` and the other part names in widget/README.md.
 */
export const STYLES = `
:host {
  display: block;
  font: var(--vcc-payment-font, inherit);
  color: var(--vcc-payment-text, #1b1b1b);
  --_bg: var(--vcc-payment-background, #fff);
  --_border: var(--vcc-payment-border, #767676);
  --_muted: var(--vcc-payment-muted, #555);
  --_accent: var(--vcc-payment-accent, #0b5cad);
  --_accent-text: var(--vcc-payment-accent-text, #fff);
  --_focus: var(--vcc-payment-focus, #0b5cad);
  --_radius: var(--vcc-payment-radius, 6px);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.widget { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 1rem; }
h2, h3 { margin: 0 0 .75rem; line-height: 1.25; }
h2 { font-size: 1.2em; }
h3 { font-size: 1.05em; }
.fields { display: flex; flex-wrap: wrap; gap: .75rem 1rem; }
.field { display: flex; flex-direction: column; gap: .25rem; min-width: 8rem; }
.field.wide { flex: 1 1 14rem; }
label { font-weight: 600; }
input { font: inherit; color: inherit; background: var(--_bg); padding: .4rem .5rem; border: 1px solid var(--_border); border-radius: var(--_radius); }
input[aria-invalid="true"] { border-width: 2px; border-color: var(--vcc-payment-bad, #a4161a); }
.hint { margin: 0; font-size: .875em; color: var(--_muted); }
.field-error { margin: 0; font-size: .875em; color: var(--vcc-payment-bad, #a4161a); font-weight: 600; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .75rem; }
button { font: inherit; cursor: pointer; padding: .45rem .9rem; border-radius: var(--_radius); border: 1px solid var(--_accent); background: var(--_bg); color: var(--_accent); font-weight: 600; }
button.primary { background: var(--_accent); color: var(--_accent-text); }
button:disabled { cursor: not-allowed; opacity: .6; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
iframe:focus { outline: 3px solid var(--_focus); outline-offset: 2px; }
.status { margin: .75rem 0 0; min-height: 1.25em; }
.status:empty { display: none; }
.error { margin-top: .75rem; padding: .75rem; border: 2px solid var(--vcc-payment-bad, #a4161a); border-radius: var(--_radius); }
.error p { margin: 0 0 .4rem; }
.error .reference { font-size: .875em; color: var(--_muted); }
.payment { margin-top: 1rem; padding-top: 1rem; border-top: 1px solid var(--_border); }
.payment:empty { display: none; }
.state { display: inline-flex; gap: .35rem; align-items: center; font-weight: 700; padding: .1rem .5rem; border: 1px solid currentColor; border-radius: 999px; }
.tone-good { color: var(--vcc-payment-good, #1e6b34); }
.tone-bad { color: var(--vcc-payment-bad, #a4161a); }
.tone-warning { color: var(--vcc-payment-warning, #7a4a00); }
.tone-waiting { color: var(--_muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .75rem 0 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.link-row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-top: .75rem; }
.link-row .field { flex: 1 1 16rem; }
iframe { display: block; width: 100%; height: var(--vcc-payment-frame-height, 24rem); margin-top: .75rem; border: 1px solid var(--_border); border-radius: var(--_radius); background: #fff; }
iframe[hidden] { display: none; }
.payments { margin-top: 1rem; padding-top: 1rem; border-top: 1px solid var(--_border); }
.payments[hidden] { display: none; }
table { width: 100%; border-collapse: collapse; font-size: .95em; }
caption { text-align: left; font-weight: 700; margin-bottom: .5rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--_border); vertical-align: top; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
