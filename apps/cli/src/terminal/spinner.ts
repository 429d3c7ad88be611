import type { Terminal } from './terminal.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Spinner {
  /** Clears the spinner's line; idempotent. */
  stop(): void;
}

/** A spinner on stderr while waiting for the first token; only on a terminal and not with --quiet. */
export function startSpinner(terminal: Terminal, label: string): Spinner {
  if (terminal.quiet || !terminal.stderrIsTTY) return { stop: () => undefined };
  let frame = 0;
  const draw = () => terminal.decorate(`\r${terminal.colours.dim(`${FRAMES[frame++ % FRAMES.length]} ${label}`)}`);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      terminal.decorate('\r\x1b[2K');
    },
  };
}
