import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes, useId } from "react";

export const inputClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

interface Labelled {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

/** The attributes that tie a control to its label, hint and error. */
interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/** Label, hint and error around one control, announced with it. */
function FieldFrame({
  label,
  hint,
  error,
  id,
  className,
  children,
}: Labelled & { id?: string; className: string; children: (control: ControlProps) => ReactNode }) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={inputId} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id: inputId, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface FieldProps extends Labelled, InputHTMLAttributes<HTMLInputElement> {}

/** A labelled input whose hint and error are announced with it. */
export function Field({ label, hint, error, id, className = "", ...props }: FieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} className={className}>
      {(control) => <input {...control} className={inputClass} {...props} />}
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends Labelled, TextareaHTMLAttributes<HTMLTextAreaElement> {}

/** A labelled multi-line input whose hint and error are announced with it. */
export function TextAreaField({ label, hint, error, id, className = "", ...props }: TextAreaFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} className={className}>
      {(control) => <textarea {...control} className={`${inputClass} font-mono`} {...props} />}
    </FieldFrame>
  );
}
