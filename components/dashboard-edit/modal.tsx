'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

import { buttonClass, dangerClass } from '@/components/ui-classes';

export { buttonClass, dangerClass, inputClass, primaryClass } from '@/components/ui-classes';

interface ModalProps {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom. */
  actions: ReactNode;
}

/** A small modal dialog: named by its title, Escape closes, focus moves in on open. */
export function Modal({ title, testId, onClose, children, actions }: ModalProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, textarea, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        className="flex w-full max-w-md flex-col gap-3 rounded-md border border-gray-200 bg-white p-4 text-sm shadow-xl dark:border-gray-700 dark:bg-gray-900"
      >
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {children}
        <div className="flex flex-wrap justify-end gap-2">{actions}</div>
      </div>
    </div>
  );
}

/** A modal that asks before something that cannot be undone: Cancel, and a red button that does it. */
export function ConfirmModal({
  title,
  testId,
  confirmLabel,
  cancelLabel = 'Cancel',
  busy,
  onCancel,
  onConfirm,
  children,
}: {
  title: string;
  testId: string;
  confirmLabel: string;
  cancelLabel?: string;
  busy?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <Modal
      title={title}
      testId={testId}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className={buttonClass} onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="button" className={dangerClass} disabled={busy} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Modal>
  );
}
