'use client';

import type { ComponentProps } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Markdown as React elements (GitHub flavour: tables, task lists, strikethrough). Raw HTML in the text is never
 * rendered as markup (react-markdown leaves it out) and link targets go through its URL filter, so `javascript:`
 * links come out empty. Loaded only when a text panel is on screen.
 */
const COMPONENTS: Components = {
  h1: (p) => <h1 className="mb-2 mt-1 text-2xl font-semibold" {...strip(p)} />,
  h2: (p) => <h2 className="mb-2 mt-1 text-xl font-semibold" {...strip(p)} />,
  h3: (p) => <h3 className="mb-1.5 mt-1 text-lg font-semibold" {...strip(p)} />,
  h4: (p) => <h4 className="mb-1 mt-1 font-semibold" {...strip(p)} />,
  p: (p) => <p className="mb-2" {...strip(p)} />,
  ul: (p) => <ul className="mb-2 list-disc pl-5" {...strip(p)} />,
  ol: (p) => <ol className="mb-2 list-decimal pl-5" {...strip(p)} />,
  a: (p) => (
    <a className="text-blue-600 underline dark:text-blue-400" target="_blank" rel="noopener noreferrer" {...strip(p)} />
  ),
  code: (p) => <code className="rounded bg-gray-100 px-1 font-mono text-[0.9em] dark:bg-gray-800" {...strip(p)} />,
  pre: (p) => <pre className="mb-2 overflow-auto rounded bg-gray-100 p-2 dark:bg-gray-800" {...strip(p)} />,
  blockquote: (p) => (
    <blockquote className="mb-2 border-l-4 border-gray-300 pl-3 text-gray-600 dark:text-gray-400" {...strip(p)} />
  ),
  table: (p) => <table className="mb-2 border-collapse text-left" {...strip(p)} />,
  th: (p) => <th className="border border-gray-300 px-2 py-1 font-semibold dark:border-gray-700" {...strip(p)} />,
  td: (p) => <td className="border border-gray-300 px-2 py-1 dark:border-gray-700" {...strip(p)} />,
  hr: () => <hr className="my-3 border-gray-200 dark:border-gray-700" />,
};

/** The element props without react-markdown's `node` (not a DOM attribute). */
function strip<T extends { node?: unknown }>({ node: _node, ...rest }: T): Omit<T, 'node'> {
  return rest;
}

export function MarkdownView({ content }: { content: string }) {
  return (
    <Markdown remarkPlugins={REMARK_PLUGINS} components={COMPONENTS}>
      {content}
    </Markdown>
  );
}

const REMARK_PLUGINS: ComponentProps<typeof Markdown>['remarkPlugins'] = [remarkGfm];
