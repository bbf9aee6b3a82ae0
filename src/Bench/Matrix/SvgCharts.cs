using System.Globalization;
using System.Text;
using ArrHost.Tooling.Statistics;

namespace ArrHost.Bench.Matrix;

/// <summary>Hand-written SVG charts: a latency CDF per scenario and per-stage stacked bars.</summary>
internal static class SvgCharts
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;
    private static readonly string[] s_palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>One series of a CDF chart.</summary>
    public sealed record Series(string Label, IReadOnlyList<double> Values);

    /// <summary>Cumulative distribution of latency samples (x: ms, y: share of frames).</summary>
    public static string Cdf(string title, IReadOnlyList<Series> series)
    {
        const int W = 720, H = 400, L = 60, R = 20, T = 40, B = 50;
        var all = series.SelectMany(s => s.Values).ToArray();
        var maxX = all.Length == 0 ? 1 : NiceCeiling(LatencySummary.Percentile(all.OrderBy(v => v).ToArray(), 0.999) * 1.05);
        var svg = Begin(W, H, title);
        double X(double v) => L + Math.Min(v, maxX) / maxX * (W - L - R);
        double Y(double p) => H - B - p * (H - T - B);
        Axes(svg, W, H, L, R, T, B, maxX, "pose latency (ms)", "share of frames", [0, 0.5, 0.9, 0.99, 1.0]);
        for (var i = 0; i < series.Count; i++)
        {
            var sorted = series[i].Values.OrderBy(v => v).ToArray();
            if (sorted.Length == 0) continue;
            var color = s_palette[i % s_palette.Length];
            var path = new StringBuilder();
            path.Append(s_inv, $"M{X(sorted[0]):F1},{Y(0):F1}");
            for (var k = 0; k < sorted.Length; k++)
            {
                path.Append(s_inv, $" L{X(sorted[k]):F1},{Y((double)k / sorted.Length):F1} L{X(sorted[k]):F1},{Y((double)(k + 1) / sorted.Length):F1}");
            }

            svg.Append(s_inv, $"<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\"/>\n");
            var p50 = LatencySummary.Percentile(sorted, 0.5);
            var p99 = LatencySummary.Percentile(sorted, 0.99);
            var ly = H - B - 12 - (series.Count - 1 - i) * 18; // bottom right: a CDF rises on the left
            svg.Append(s_inv, $"<rect x=\"{W - R - 330}\" y=\"{ly - 10}\" width=\"12\" height=\"12\" fill=\"{color}\"/>");
            svg.Append(s_inv, $"<text x=\"{W - R - 312}\" y=\"{ly}\" font-size=\"12\">{Escape(series[i].Label)}: p50 {p50:F1}, p99 {p99:F1} ms (n={sorted.Length})</text>\n");
        }

        return End(svg);
    }

    /// <summary>One bar of the stacked chart: segments (stage, ms) in order.</summary>
    public sealed record Bar(string Label, IReadOnlyList<(string Stage, double Ms)> Segments);

    /// <summary>Horizontal stacked bars: the median of each stage per scenario.</summary>
    public static string StackedBars(string title, IReadOnlyList<Bar> bars)
    {
        var stages = bars.SelectMany(b => b.Segments.Select(s => s.Stage)).Distinct().ToList();
        const int W = 900, L = 230, R = 30, T = 60, Row = 26, B = 50;
        var H = T + bars.Count * Row + B;
        var maxX = NiceCeiling(Math.Max(1, bars.Select(b => b.Segments.Sum(s => Math.Max(0, s.Ms))).DefaultIfEmpty(1).Max()));
        var svg = Begin(W, H, title);
        double X(double v) => L + v / maxX * (W - L - R);
        for (var g = 0; g <= 5; g++)
        {
            var v = maxX * g / 5;
            svg.Append(s_inv, $"<line x1=\"{X(v):F1}\" y1=\"{T - 4}\" x2=\"{X(v):F1}\" y2=\"{H - B}\" stroke=\"#ddd\"/><text x=\"{X(v):F1}\" y=\"{H - B + 16}\" font-size=\"11\" text-anchor=\"middle\">{v:0.#}</text>\n");
        }

        svg.Append(s_inv, $"<text x=\"{(L + W - R) / 2}\" y=\"{H - 12}\" font-size=\"12\" text-anchor=\"middle\">median per stage (ms)</text>\n");
        for (var i = 0; i < stages.Count; i++)
        {
            var lx = L + i * 110;
            svg.Append(s_inv, $"<rect x=\"{lx}\" y=\"{T - 34}\" width=\"12\" height=\"12\" fill=\"{s_palette[i % s_palette.Length]}\"/><text x=\"{lx + 16}\" y=\"{T - 24}\" font-size=\"11\">{Escape(stages[i])}</text>\n");
        }

        for (var r = 0; r < bars.Count; r++)
        {
            var y = T + r * Row;
            svg.Append(s_inv, $"<text x=\"{L - 6}\" y=\"{y + 15}\" font-size=\"11\" text-anchor=\"end\">{Escape(bars[r].Label)}</text>\n");
            double at = 0;
            foreach (var (stage, ms) in bars[r].Segments)
            {
                if (ms <= 0) continue;
                var color = s_palette[stages.IndexOf(stage) % s_palette.Length];
                svg.Append(s_inv, $"<rect x=\"{X(at):F1}\" y=\"{y + 3}\" width=\"{X(at + ms) - X(at):F1}\" height=\"{Row - 8}\" fill=\"{color}\"><title>{Escape(stage)} {ms:F2} ms</title></rect>\n");
                at += ms;
            }

            svg.Append(s_inv, $"<text x=\"{X(at) + 4:F1}\" y=\"{y + 15}\" font-size=\"10\">{at:F1}</text>\n");
        }

        return End(svg);
    }

    private static void Axes(StringBuilder svg, int w, int h, int l, int r, int t, int b, double maxX, string xLabel, string yLabel, double[] yTicks)
    {
        for (var g = 0; g <= 5; g++)
        {
            var v = maxX * g / 5;
            var x = l + (double)g / 5 * (w - l - r);
            svg.Append(s_inv, $"<line x1=\"{x:F1}\" y1=\"{t}\" x2=\"{x:F1}\" y2=\"{h - b}\" stroke=\"#ddd\"/><text x=\"{x:F1}\" y=\"{h - b + 16}\" font-size=\"11\" text-anchor=\"middle\">{v:0.#}</text>\n");
        }

        foreach (var p in yTicks)
        {
            var y = h - b - p * (h - t - b);
            svg.Append(s_inv, $"<line x1=\"{l}\" y1=\"{y:F1}\" x2=\"{w - r}\" y2=\"{y:F1}\" stroke=\"#ddd\"/><text x=\"{l - 6}\" y=\"{y + 4:F1}\" font-size=\"11\" text-anchor=\"end\">{p:0.##}</text>\n");
        }

        svg.Append(s_inv, $"<line x1=\"{l}\" y1=\"{h - b}\" x2=\"{w - r}\" y2=\"{h - b}\" stroke=\"#333\"/><line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{h - b}\" stroke=\"#333\"/>\n");
        svg.Append(s_inv, $"<text x=\"{(l + w - r) / 2}\" y=\"{h - 12}\" font-size=\"12\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(s_inv, $"<text x=\"14\" y=\"{(t + h - b) / 2}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(t + h - b) / 2})\">{Escape(yLabel)}</text>\n");
    }

    private static StringBuilder Begin(int w, int h, string title)
    {
        var svg = new StringBuilder();
        svg.Append(s_inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\">\n");
        svg.Append(s_inv, $"<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n<text x=\"{w / 2}\" y=\"20\" font-size=\"14\" text-anchor=\"middle\" font-weight=\"bold\">{Escape(title)}</text>\n");
        return svg;
    }

    private static string End(StringBuilder svg) => svg.Append("</svg>\n").ToString();

    /// <summary>1, 2, 2.5, 5 x 10^n at or above <paramref name="v"/>.</summary>
    internal static double NiceCeiling(double v)
    {
        if (v <= 0 || !double.IsFinite(v)) return 1;
        var e = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * e >= v) return m * e;
        }

        return 10 * e;
    }

    internal static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
