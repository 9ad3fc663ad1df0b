import { describe, expect, it } from "vitest";
import { buildFolderTree, type ListedFolder } from "./folder-tree";

const folder = (
  path: string,
  delimiter: string | null = "/",
  extra: Partial<ListedFolder> = {},
): ListedFolder => ({
  path,
  delimiter,
  attributes: [],
  specialUse: null,
  messages: 1,
  unseen: 0,
  ...extra,
});

const shape = (list: ReturnType<typeof buildFolderTree>) =>
  list.map((f) => `${"  ".repeat(f.depth)}${f.name}`);

describe("buildFolderTree", () => {
  it("takes a personal prefix such as INBOX. off the display hierarchy", () => {
    const tree = buildFolderTree(
      [
        folder("INBOX", "."),
        folder("INBOX.Sent", "."),
        folder("INBOX.Projects", "."),
        folder("INBOX.Projects.Q1", "."),
      ],
      "INBOX.",
    );
    expect(shape(tree)).toEqual(["Inbox", "Sent", "Projects", "  Q1"]);
    expect(tree.find((f) => f.name === "Q1")).toMatchObject({
      path: "INBOX.Projects.Q1",
      parent: "INBOX.Projects",
    });
    expect(tree.find((f) => f.name === "Sent")?.specialUse).toBe("sent");
  });

  it("keeps names flat when the server has no delimiter", () => {
    const tree = buildFolderTree([folder("INBOX", null), folder("a/b", null)], "");
    expect(tree.map((f) => [f.name, f.depth, f.parent])).toEqual([
      ["Inbox", 0, null],
      ["a/b", 0, null],
    ]);
  });

  it("adds unselectable parents the server did not list", () => {
    const tree = buildFolderTree([folder("INBOX"), folder("Work/2024/Q1")], "");
    expect(shape(tree)).toEqual(["Inbox", "Work", "  2024", "    Q1"]);
    expect(tree.filter((f) => !f.selectable).map((f) => f.path)).toEqual(["Work", "Work/2024"]);
  });

  it("shows \\Noselect folders but marks them unselectable", () => {
    const tree = buildFolderTree(
      [folder("INBOX"), folder("Shared", "/", { attributes: ["\\Noselect"] })],
      "",
    );
    expect(tree.find((f) => f.path === "Shared")?.selectable).toBe(false);
  });

  it("orders Inbox, then special-use folders, then the rest by name", () => {
    const tree = buildFolderTree(
      [
        folder("Zeta"),
        folder("Papierkorb", "/", { specialUse: "\\Trash" }),
        folder("Alpha"),
        folder("Gesendet", "/", { attributes: ["\\HasNoChildren", "\\Sent"] }),
        folder("inbox"),
      ],
      "",
    );
    expect(tree.map((f) => f.name)).toEqual(["Inbox", "Gesendet", "Papierkorb", "Alpha", "Zeta"]);
  });

  it("recognises special folders by common name only when the server marks none", () => {
    const byName = buildFolderTree(
      [folder("INBOX"), folder("Sent Items"), folder("Deleted Items"), folder("Spam")],
      "",
    );
    expect(byName.map((f) => f.specialUse)).toEqual(["inbox", "sent", "junk", "trash"]);
    const marked = buildFolderTree(
      [folder("INBOX"), folder("Sent"), folder("Outbox", "/", { specialUse: "\\Sent" })],
      "",
    );
    expect(marked.find((f) => f.path === "Sent")?.specialUse).toBeNull();
    expect(marked.find((f) => f.path === "Outbox")?.specialUse).toBe("sent");
  });

  it("gives each special use to one folder only", () => {
    const tree = buildFolderTree([folder("Trash"), folder("Deleted Messages")], "");
    expect(tree.filter((f) => f.specialUse === "trash")).toHaveLength(1);
  });
});
