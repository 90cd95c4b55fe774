import type { MetricPoint } from '@dpra/plugin-pipelines-common';
import { useTheme } from '@material-ui/core/styles';

/**
 * A tiny inline SVG chart (line or bars) of a daily series, drawn without a chart library to keep
 * the bundle small. The `<title>` and `aria-label` describe it for screen readers.
 */
export function Sparkline(props: {
  points: MetricPoint[];
  label: string;
  kind?: 'line' | 'bars';
  width?: number;
  height?: number;
  testId?: string;
}) {
  const theme = useTheme();
  const width = props.width ?? 160;
  const height = props.height ?? 36;
  const values = props.points.map(p => p.value);
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  const first = props.points[0]?.date;
  const last = props.points[props.points.length - 1]?.date;
  const description = `${props.label}: ${values.length} days${
    first ? ` from ${first} to ${last}` : ''
  }, max ${Math.max(0, ...values)}`;

  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={description}
      data-testid={props.testId}
    >
      <title>{description}</title>
      {props.kind === 'bars' ? (
        values.map((v, i) => {
          const barWidth = Math.max(1, width / Math.max(values.length, 1) - 1);
          const x = (i * width) / Math.max(values.length, 1);
          return (
            <rect
              key={props.points[i].date}
              x={x}
              y={y(v)}
              width={barWidth}
              height={height - 2 - y(v)}
              fill={theme.palette.primary.main}
            />
          );
        })
      ) : (
        <polyline
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={1.5}
          points={values
            .map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`)
            .join(' ')}
        />
      )}
      <line
        x1={0}
        x2={width}
        y1={height - 1}
        y2={height - 1}
        stroke={theme.palette.divider}
      />
    </svg>
  );
}
