/** Only paths inside the console are followed after sign-in (no open redirect through ?next=). */
export function safeNext(next: string | null): string | null {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : null;
}
