/** Only same-site paths: never send a freshly signed-in user to another origin. */
export function safeCallback(value: string | undefined): string {
  return value?.startsWith("/") && !value.startsWith("//") ? value : "/websites";
}
