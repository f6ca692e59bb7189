// The impact charts (Chart.js from Debian, loaded before this module as the global Chart).
import { t, locale } from './i18n.js';

const colours = { shares: '#0b5cad', clicks: '#1a7f37', value: '#8250df', baseline: '#b3261e' };
const charts = new Map();

function draw(id, config) {
  charts.get(id)?.destroy();
  config.options = {
    animation: false, responsive: true, maintainAspectRatio: false, locale: locale(),
    plugins: { legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true } }, ...config.options,
  };
  charts.set(id, new window.Chart(document.getElementById(id), config));
}

function bars(label, colour, values) { return { label, data: values, backgroundColor: colour }; }

function perBucketDays(interval) { return interval === 'day' ? 1 : interval === 'week' ? 7 : 30.44; }

export function drawImpact(stats) {
  const labels = stats.series.map((bucket) => bucket.start);
  draw('chart-time', {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: t('shares'), data: stats.series.map((b) => b.shares), borderColor: colours.shares,
          backgroundColor: colours.shares },
        { label: t('unique_clicks'), data: stats.series.map((b) => b.unique_clicks), borderColor: colours.clicks,
          backgroundColor: colours.clicks },
      ],
    },
  });
  const value = { labels, datasets: [bars(t('media_value'), colours.value, stats.series.map((b) => b.media_value))] };
  if (stats.baseline) {
    const perBucket = stats.baseline.per_day.media_value * perBucketDays(stats.period.interval);
    value.datasets.push({ type: 'line', label: t('baseline'), data: labels.map(() => perBucket),
      borderColor: colours.baseline, backgroundColor: colours.baseline, pointRadius: 0 });
  }
  draw('chart-value', { type: 'bar', data: value });
  for (const [id, list, key] of [['chart-department', stats.by_department, 'department'],
    ['chart-theme', stats.by_theme, 'theme']]) {
    draw(id, {
      type: 'bar',
      data: {
        labels: list.map((item) => item[key] || t('nothing')),
        datasets: [bars(t('shares'), colours.shares, list.map((item) => item.shares)),
          bars(t('unique_clicks'), colours.clicks, list.map((item) => item.unique_clicks))],
      },
    });
  }
}
