import { ME } from "../account.js";
import type { Person } from "../envelope.js";

export const me: Person = ME;
export const priya: Person = { name: "Priya Raman", address: "priya.raman@example.com" };
export const lars: Person = { name: "Lars Eriksson", address: "lars@example.net" };
export const mei: Person = { name: "Mei Chen", address: "mei.chen@example.org" };
export const tomas: Person = { name: "Tomás Ortega", address: "tomas@example.com" };
export const fatima: Person = { name: "Fatima Zahra", address: "fzahra@example.net" };
export const ci: Person = { name: "Tagwire CI", address: "ci@git.example.com" };
export const weeklyByte: Person = { name: "The Weekly Byte", address: "digest@news.example.com" };
export const trail: Person = { name: "Trail & Summit", address: "hello@trailsummit.example" };
export const billing: Person = { name: "Example Hosting Billing", address: "billing@hosting.example.com" };
