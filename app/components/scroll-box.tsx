/**
 * A box that scrolls sideways inside itself when its content (a wide table,
 * a chart kept at a readable size) is wider than the screen, so the page
 * never does. Keyboard users can scroll it too: it is a focusable region
 * named by `label` (axe: scrollable-region-focusable).
 */
import type { ReactNode } from "react";

export function ScrollBox({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `table-scroll ${className}` : "table-scroll"} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
