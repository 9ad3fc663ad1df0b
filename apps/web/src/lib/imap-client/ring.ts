/** The protocol core's bounded queue, for app code that keeps a bounded history (the Protocol panel). */
export { Ring } from "@tagwire/imap/trace";
