/**
 * The error a WebSocket connection ends with: an `ImapRemoteError` whose fields say why, so that an
 * app decides on data (reconnect, wait `retryAfterS`, show `describeConnectionEnd(reason)`) rather
 * than on message text.
 */
import { ImapRemoteError } from "../errors.js";
import { CONNECTION_ENDS, type ConnectionEnd, type ConnectionEndReason } from "./connection-end.js";

export class ImapTransportError extends ImapRemoteError implements ConnectionEnd {
  readonly reason: ConnectionEndReason;
  readonly closeCode: number | null;
  readonly httpStatus: number | null;
  readonly retryAfterS: number | null;

  /**
   * The code comes from the reason's row of `CONNECTION_ENDS`; the message is the row's sentence,
   * then `detail` (e.g. the gateway's close reason text) in parentheses.
   */
  constructor(end: ConnectionEnd, detail = "") {
    const row = CONNECTION_ENDS[end.reason];
    super(row.code, detail === "" ? row.message : `${row.message} (${detail})`);
    this.reason = end.reason;
    this.closeCode = end.closeCode;
    this.httpStatus = end.httpStatus;
    this.retryAfterS = end.retryAfterS;
  }
}
