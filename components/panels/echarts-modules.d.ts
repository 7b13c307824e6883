// ECharts ships no declarations for its per-chart and per-component entry points; each registers itself on import.
declare module 'echarts/lib/chart/*';
declare module 'echarts/lib/component/*';
