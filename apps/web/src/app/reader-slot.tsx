/** The reading pane's place in the shell (the reader feature renders into it). */
export function ReaderSlot() {
  return <div className="shell-reader-empty">Select a message to read it.</div>;
}
