using System.Runtime.CompilerServices;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

/// <summary>The format description is only trustworthy while its example is a valid document.</summary>
public sealed class FleetDocumentDocsTests
{
    [Fact]
    public void Example_in_the_format_description_is_valid()
    {
        var markdown = File.ReadAllText(DocsPath());
        var start = markdown.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var end = markdown.IndexOf("```", start, StringComparison.Ordinal);

        var result = FleetDocumentReader.Read(markdown[start..end]);

        Assert.True(result.IsValid, string.Join("\n", result.Violations.Select(v => $"{v.Field}: {v.Description}")));
        Assert.Equal(4, result.Document!.Plants[0].Zones.Count);
    }

    private static string DocsPath([CallerFilePath] string source = "")
    {
        // Searched above this source file and above the test output, so the test runs from any folder even when
        // the build maps source paths (deterministic CI builds).
        foreach (var start in new[] { Path.GetDirectoryName(source), AppContext.BaseDirectory })
        {
            for (var directory = start; !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
            {
                var candidate = Path.Combine(directory, "docs", "fleet-document.md");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"docs/fleet-document.md not found above {source} or {AppContext.BaseDirectory}");
    }
}
