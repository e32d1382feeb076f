using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Prometheus;

namespace WorkerFleet.Tests.Shared;

/// <summary>Prometheus text exposition parsed into samples: what a scrape of the registry shows.</summary>
internal sealed partial class ScrapedMetrics
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private ScrapedMetrics(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                throw new FormatException($"not a Prometheus sample line: {line}");
            }

            var labels = LabelPair().Matches(sample.Groups["labels"].Value)
                .ToDictionary(pair => pair.Groups[1].Value, pair => pair.Groups[2].Value, StringComparer.Ordinal);
            _samples.Add((sample.Groups["name"].Value, labels, double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The exposition as served.</summary>
    public string Text { get; }

    /// <summary>Every sample's metric name (histograms' _bucket, _sum and _count included).</summary>
    public IReadOnlySet<string> Names => _samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    public static ScrapedMetrics Parse(string text) => new(text);

    public static async Task<ScrapedMetrics> CollectAsync(CollectorRegistry registry)
    {
        using var buffer = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(buffer);
        return new ScrapedMetrics(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The sum over the series of <paramref name="name"/> carrying every given label; null when there is none.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var matching = _samples
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value))
            .ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
