import { type KeyboardEvent, useRef } from "react";
import type { Folder } from "../../lib/imap-client/types";
import { FolderIcon } from "./folder-icon";
import { foldersStore, useFoldersStore, visibleFolders } from "./store";
import "./folders.css";

export interface FolderTreeProps {
  readonly onOpen: (path: string) => void;
}

/**
 * The folder tree (WAI-ARIA tree pattern, flat markup with `aria-level`): arrow keys move, Right and
 * Left expand and collapse, Enter opens. Each item is named by the folder's display name alone; its
 * unread count is its description.
 */
export function FolderTree({ onOpen }: FolderTreeProps) {
  const folders = useFoldersStore((s) => s.folders);
  const collapsed = useFoldersStore((s) => s.collapsed);
  const current = useFoldersStore((s) => s.current);
  const status = useFoldersStore((s) => s.status);
  const problem = useFoldersStore((s) => s.problem);
  const list = useRef<HTMLDivElement>(null);
  const shown = visibleFolders(folders, collapsed);
  const parents = new Set(folders.map((f) => f.parent).filter((p) => p !== null));
  const focusable = current !== null && shown.some((f) => f.path === current) ? current : shown[0]?.path;

  const focusItem = (path: string | undefined) => {
    if (path === undefined) return;
    list.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, folder: Folder, index: number) => {
    const open = parents.has(folder.path) && !collapsed.has(folder.path);
    switch (event.key) {
      case "ArrowDown":
        focusItem(shown[index + 1]?.path);
        break;
      case "ArrowUp":
        focusItem(shown[index - 1]?.path);
        break;
      case "Home":
        focusItem(shown[0]?.path);
        break;
      case "End":
        focusItem(shown[shown.length - 1]?.path);
        break;
      case "ArrowRight":
        if (parents.has(folder.path) && !open) foldersStore.getState().toggle(folder.path);
        else if (open) focusItem(shown[index + 1]?.path);
        break;
      case "ArrowLeft":
        if (open) foldersStore.getState().toggle(folder.path);
        else focusItem(folder.parent ?? undefined);
        break;
      case "Enter":
      case " ":
        if (folder.selectable) onOpen(folder.path);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <nav className="folders-pane">
      {status === "failed" && <p className="folders-problem">{problem}</p>}
      <div
        className="folders-tree"
        role="tree"
        aria-label="Folders"
        aria-busy={status === "loading"}
        ref={list}
      >
        {shown.map((folder, index) => {
          const isParent = parents.has(folder.path);
          const unseen = folder.unseen ?? 0;
          return (
            <div
              key={folder.path}
              role="treeitem"
              data-path={folder.path}
              aria-label={folder.name}
              aria-description={unseen > 0 ? `${unseen} unread` : undefined}
              aria-level={folder.depth + 1}
              aria-selected={folder.path === current}
              aria-expanded={isParent ? !collapsed.has(folder.path) : undefined}
              aria-disabled={folder.selectable ? undefined : true}
              tabIndex={folder.path === focusable ? 0 : -1}
              className="folders-item"
              data-current={folder.path === current || undefined}
              data-unread={unseen > 0 || undefined}
              style={{ paddingInlineStart: `${8 + folder.depth * 14}px` }}
              onClick={() => folder.selectable && onOpen(folder.path)}
              onKeyDown={(e) => onKeyDown(e, folder, index)}
            >
              <span
                className="folders-twisty"
                data-open={isParent ? !collapsed.has(folder.path) : undefined}
                onClick={(e) => {
                  if (!isParent) return;
                  e.stopPropagation();
                  foldersStore.getState().toggle(folder.path);
                }}
                aria-hidden="true"
              />
              <FolderIcon use={folder.specialUse} />
              <span className="folders-name">{folder.name}</span>
              {unseen > 0 && (
                <span className="folders-count" aria-hidden="true">
                  {unseen}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </nav>
  );
}
