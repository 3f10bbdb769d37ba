// Where the sign-in and sign-up forms post when the page's JavaScript has not run (slow network,
// scripts blocked): the password travels in a POST body, never in a URL, and is not read here. The
// browser goes back to the form with a message.
import { NextResponse } from "next/server";

const FORMS = new Set(["/signin", "/signup"]);

export async function POST(request: Request) {
  const referer = request.headers.get("referer");
  let form = "/signin";
  try {
    const path = referer ? new URL(referer).pathname : "";
    if (FORMS.has(path)) form = path;
  } catch {
    // no usable referer: back to sign-in
  }
  return NextResponse.redirect(new URL(`${form}?error=ScriptRequired`, request.url), 303);
}
