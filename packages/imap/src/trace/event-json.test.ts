import { describe, expect, it } from "vitest";
import { completed, octets, sent } from "../../test/trace-events.js";
import type { SessionEvent } from "../session/events.js";
import { eventToJson } from "./event-json.js";

describe("eventToJson", () => {
  it("keeps only the size of a streamed body chunk", () => {
    const chunk: SessionEvent = { type: "bodyChunk", tag: "A3", data: octets("secret body"), at: 7 };
    expect(eventToJson(chunk)).toEqual({ type: "bodyChunk", at: 7, tag: "A3", bytes: 11 });
  });

  it("redacts command text once more", () => {
    const queued: SessionEvent = {
      type: "commandQueued",
      tag: "A1",
      name: "LOGIN",
      text: "A1 LOGIN alice hunter2",
      internal: false,
      at: 0,
    };
    expect(eventToJson(queued)).toMatchObject({ type: "commandQueued", text: "A1 LOGIN alice ***" });
    expect(eventToJson(sent("A1", "LOGIN", "A1 LOGIN alice hunter2"))).toMatchObject({
      type: "commandSent",
      name: "LOGIN",
      text: "A1 LOGIN alice ***",
      inFlight: 1,
    });
  });

  it("converts everything else with toJson, raw octets included", () => {
    const event = completed("A2", "A2 OK done\r\n");
    expect(eventToJson(event)).toMatchObject({
      type: "commandCompleted",
      tag: "A2",
      status: "OK",
      data: [],
      raw: "A2 OK done\r\n",
    });
    const lossy = eventToJson({ ...event, raw: octets("A2 OK \xff\r\n") }, { invalidUtf8: "replace" });
    expect(lossy.raw).toBe("A2 OK \ufffd\r\n");
  });
});
