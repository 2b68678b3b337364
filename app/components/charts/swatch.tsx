/**
 * A colour key's square, drawn as SVG rather than a CSS background: browsers
 * leave backgrounds out when printing, so a CSS swatch printed as an empty box.
 */
export function Swatch({ colour }: { colour: string }) {
  return (
    <svg className="swatch" viewBox="0 0 10 10" aria-hidden="true">
      <rect width="10" height="10" fill={colour} stroke="rgba(0,0,0,0.15)" />
    </svg>
  );
}
