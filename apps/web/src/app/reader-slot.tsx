import { lazy, Suspense } from "react";
import { useReaderStore } from "../features/reader/store";

const ReaderPane = lazy(() =>
  import("../features/reader/reader-pane").then((m) => ({ default: m.ReaderPane })),
);

/** The reading pane's place in the shell: loaded (with its MIME and sanitizer code) on first open. */
export function ReaderSlot() {
  const open = useReaderStore((s) => s.summary !== null);
  if (!open) return <div className="shell-reader-empty">Select a message to read it.</div>;
  return (
    <Suspense fallback={null}>
      <ReaderPane />
    </Suspense>
  );
}
