/** A page with only the Protocol panel and its store on `window`, for the browser test. */
import { createRoot } from "react-dom/client";
import { ProtocolPanel } from "./protocol-panel";
import { createProtocolStore } from "./store";

const store = createProtocolStore();
(window as unknown as { protocol: { store: typeof store } }).protocol = { store };
const root = document.getElementById("root");
if (root !== null) createRoot(root).render(<ProtocolPanel store={store} />);
