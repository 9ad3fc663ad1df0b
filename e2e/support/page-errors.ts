import { expect, type Page } from "@playwright/test";

/** An auto fixture: the page's uncaught errors, checked to be none after each test. */
export async function collectPageErrors(
  { page }: { page: Page },
  use: (errors: Error[]) => Promise<void>,
): Promise<void> {
  const errors: Error[] = [];
  page.on("pageerror", (error) => errors.push(error));
  await use(errors);
  expect(errors, "uncaught errors in the page").toEqual([]);
}
