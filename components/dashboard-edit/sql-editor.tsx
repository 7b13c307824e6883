'use client';

import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { MySQL, PostgreSQL, sql, StandardSQL } from '@codemirror/lang-sql';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { oneDark } from '@codemirror/theme-one-dark';
import { MACRO_HELP, markerRange, sqlModeOf } from './sql-help';
import { columnsOf, tablesWithPrefix, tablesNamedIn } from './schema-cache';

/** An engine error placed in the SQL: 1-based line and, when the engine gave it, column. */
export interface SqlMarker {
  line: number;
  column?: number;
  message: string;
}

export interface SqlEditorProps {
  value: string;
  onChange: (sql: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun: () => void;
  /** Datasource whose schema autocompletes tables and columns. */
  datasourceUid: string;
  /** Engine type: picks the SQL dialect (keywords, quoting). */
  engine?: string;
  /** Dashboard variables offered as `$name`. */
  variables: readonly string[];
  markers: readonly SqlMarker[];
  label: string;
  testId?: string;
}

const isDark = () => document.documentElement.classList.contains('dark');

const DIALECTS = { postgres: PostgreSQL, mysql: MySQL, standard: StandardSQL };

/** Sizes and colors that follow the page's light or dark theme (the editor sits on the page background). */
const theme = EditorView.theme({
  '&': { minHeight: '9rem', maxHeight: '28rem', fontSize: '13px', backgroundColor: 'transparent' },
  '.cm-scroller': { overflow: 'auto', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  '.cm-gutters': { backgroundColor: 'transparent', borderRight: '1px solid rgb(128 128 128 / 0.2)' },
  '.cm-tooltip.cm-completionInfo': { maxWidth: '28rem' },
  '.pb-macro-help code': { fontWeight: '600' },
  '.pb-macro-help p': { margin: '4px 0' },
  '.pb-macro-help pre': { margin: '0', whiteSpace: 'pre-wrap', opacity: '0.8' },
});

function helpNode(usage: string, info: string, example: string): () => Node {
  return () => {
    const root = document.createElement('div');
    root.className = 'pb-macro-help';
    const head = document.createElement('code');
    head.textContent = usage;
    const text = document.createElement('p');
    text.textContent = info;
    const ex = document.createElement('pre');
    ex.textContent = example;
    root.append(head, text, ex);
    return root;
  };
}

/** `$__…` macros and `$variables`, typed after a `$`. */
function macroSource(variables: () => readonly string[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/\$[\w]*/);
    if (!word) return null;
    const options: Completion[] = [
      ...MACRO_HELP.map((m) => ({
        label: m.name,
        type: 'function',
        detail: 'macro',
        info: helpNode(m.usage, m.info, m.example),
        boost: 1,
      })),
      ...variables().map((v) => ({ label: `$${v}`, type: 'variable', detail: 'dashboard variable' })),
    ];
    return { from: word.from, options, validFor: /^\$[\w]*$/ };
  };
}

/** Tables by prefix and the columns of the tables the query names, from the datasource's schema endpoint. */
function schemaSource(datasource: () => string) {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const uid = datasource();
    const dotted = ctx.matchBefore(/[A-Za-z_]\w*\.\w*/);
    if (dotted) {
      const [table, partial] = dotted.text.split('.');
      const columns = await columnsOf(uid, table).catch(() => []);
      if (ctx.aborted || !columns.length) return null;
      return {
        from: dotted.to - partial.length,
        options: columns.map((c) => ({ label: c.name, type: 'property', detail: c.type })),
        validFor: /^\w*$/,
      };
    }
    const word = ctx.matchBefore(/\w+/);
    if (!word && !ctx.explicit) return null;
    if (word && ctx.state.sliceDoc(word.from - 1, word.from) === '$') return null;
    const prefix = word?.text ?? '';
    const named = tablesNamedIn(ctx.state.doc.toString());
    const [tables, ...columnLists] = await Promise.all([
      tablesWithPrefix(uid, prefix).catch(() => []),
      ...named.map((t) => columnsOf(uid, t).catch(() => [])),
    ]);
    if (ctx.aborted) return null;
    const seen = new Set<string>();
    const options: Completion[] = [];
    for (const [i, list] of columnLists.entries())
      for (const c of list)
        if (!seen.has(c.name)) {
          seen.add(c.name);
          options.push({ label: c.name, type: 'property', detail: `${c.type} · ${named[i]}`, boost: 2 });
        }
    for (const t of tables) options.push({ label: t.name, type: 'class', detail: 'table', boost: 1 });
    if (!options.length) return null;
    return { from: word?.from ?? ctx.pos, options, validFor: /^\w*$/ };
  };
}

/**
 * The SQL editor of the panel editor: CodeMirror 6 with the engine's dialect, completion of tables and columns
 * (fetched from the datasource's schema endpoint by prefix, cached), macros with their help and an example, and
 * the dashboard's variables; Ctrl/Cmd+Enter runs; engine errors show as markers where they point.
 */
export function SqlEditor(props: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const language = useRef(new Compartment());
  const colors = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const run = () => {
      latest.current.onRun();
      return true;
    };
    // Made once: completion tells its sources apart by identity, a new function per call would never finish.
    const sources = [
      { autocomplete: macroSource(() => latest.current.variables) },
      { autocomplete: schemaSource(() => latest.current.datasourceUid) },
    ];
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run }])),
          basicSetup,
          language.current.of(sql({ dialect: DIALECTS[sqlModeOf(latest.current.engine)], upperCaseKeywords: true })),
          EditorState.languageData.of(() => sources),
          lintGutter(),
          theme,
          colors.current.of(isDark() ? oneDark : []),
          placeholderText('SELECT … FROM … WHERE $__timeFilter(ts)'),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': latest.current.label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    // Follow the page's theme switch (the `dark` class on <html>).
    const themeWatch = new MutationObserver(() =>
      editor.dispatch({ effects: colors.current.reconfigure(isDark() ? oneDark : []) }),
    );
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => {
      themeWatch.disconnect();
      editor.destroy();
      view.current = null;
    };
  }, []);

  // Another dialect when the datasource changes.
  useEffect(() => {
    view.current?.dispatch({
      effects: language.current.reconfigure(
        sql({ dialect: DIALECTS[sqlModeOf(props.engine)], upperCaseKeywords: true }),
      ),
    });
  }, [props.engine]);

  // A value set from outside (undo of the whole panel, JSON model) replaces the text.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== props.value)
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const text = editor.state.doc.toString();
    const diagnostics: Diagnostic[] = props.markers.map((m) => ({
      ...markerRange(text, m),
      severity: 'error',
      message: m.message,
    }));
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [props.markers]);

  return (
    <div
      ref={host}
      data-testid={props.testId ?? 'sql-editor'}
      className="pb-sql-editor overflow-hidden rounded border border-gray-300 bg-white text-sm dark:border-gray-700 dark:bg-gray-950"
    />
  );
}
