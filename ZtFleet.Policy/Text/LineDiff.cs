using System.Globalization;
using System.Text;

namespace ZtFleet.Policy.Text;

/// <summary>A unified diff of two texts by lines (as <c>diff -u</c> prints it), for reviewing a proposed document.</summary>
/// <remarks>
/// The common head and tail are matched first; the lines between them by a longest common subsequence when that costs
/// at most <see cref="MaxCells"/> cells, else as all removed then all added (still an exact diff, just not the shortest).
/// </remarks>
public static class LineDiff
{
    /// <summary>The largest middle (lines before × lines after) compared line by line.</summary>
    public const long MaxCells = 4_000_000;

    /// <summary>
    /// The unified diff from <paramref name="before"/> to <paramref name="after"/> with <paramref name="context"/>
    /// unchanged lines around each change, headed <c>--- beforeName</c> / <c>+++ afterName</c>; empty when equal.
    /// </summary>
    public static string Unified(string before, string after, string beforeName, string afterName, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Lines(before);
        var b = Lines(after);
        var script = Script(a, b);
        if (script.All(e => e.Op == ' '))
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"--- {beforeName}\n+++ {afterName}\n");
        var i = 0;
        while (i < script.Count)
        {
            if (script[i].Op == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from context lines before this change to context lines after the last change closer than 2 × context.
            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                var next = end;
                while (next < script.Count && script[next].Op != ' ')
                {
                    next++;
                }

                var gap = next;
                while (gap < script.Count && script[gap].Op == ' ')
                {
                    gap++;
                }

                if (gap < script.Count && gap - next <= 2 * context)
                {
                    end = gap;
                    continue;
                }

                end = Math.Min(script.Count, next + context);
                break;
            }

            var hunk = script.GetRange(start, end - start);
            var oldStart = hunk[0].Before;
            var newStart = hunk[0].After;
            var oldCount = hunk.Count(e => e.Op != '+');
            var newCount = hunk.Count(e => e.Op != '-');
            text.Append(CultureInfo.InvariantCulture, $"@@ -{oldStart + (oldCount > 0 ? 1 : 0)},{oldCount} +{newStart + (newCount > 0 ? 1 : 0)},{newCount} @@\n");
            foreach (var edit in hunk)
            {
                text.Append(edit.Op).Append(edit.Line).Append('\n');
            }

            i = end;
        }

        return text.ToString();
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    /// <summary>The edit script: each line kept (' '), removed ('-') or added ('+'), with its 0-based positions before and after.</summary>
    private static List<Edit> Script(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        var script = new List<Edit>(a.Length + b.Length);
        for (var k = 0; k < head; k++)
        {
            script.Add(new Edit(' ', a[k], k, k));
        }

        var n = a.Length - head - tail;
        var m = b.Length - head - tail;
        if ((long)n * m <= MaxCells && n > 0 && m > 0)
        {
            // lcs[x, y]: the longest common subsequence of a[head + x ..] and b[head + y ..] in the middle.
            var lcs = new int[(n + 1) * (m + 1)];
            for (var x = n - 1; x >= 0; x--)
            {
                for (var y = m - 1; y >= 0; y--)
                {
                    lcs[(x * (m + 1)) + y] = a[head + x] == b[head + y]
                        ? lcs[((x + 1) * (m + 1)) + y + 1] + 1
                        : Math.Max(lcs[((x + 1) * (m + 1)) + y], lcs[(x * (m + 1)) + y + 1]);
                }
            }

            int i = 0, j = 0;
            while (i < n || j < m)
            {
                if (i < n && j < m && a[head + i] == b[head + j])
                {
                    script.Add(new Edit(' ', a[head + i], head + i, head + j));
                    i++;
                    j++;
                }
                else if (i < n && (j == m || lcs[((i + 1) * (m + 1)) + j] >= lcs[(i * (m + 1)) + j + 1]))
                {
                    script.Add(new Edit('-', a[head + i], head + i, head + j));
                    i++;
                }
                else
                {
                    script.Add(new Edit('+', b[head + j], head + i, head + j));
                    j++;
                }
            }
        }
        else
        {
            for (var k = 0; k < n; k++)
            {
                script.Add(new Edit('-', a[head + k], head + k, head));
            }

            for (var k = 0; k < m; k++)
            {
                script.Add(new Edit('+', b[head + k], head + n, head + k));
            }
        }

        for (var k = tail; k > 0; k--)
        {
            script.Add(new Edit(' ', a[a.Length - k], a.Length - k, b.Length - k));
        }

        return script;
    }

    private readonly record struct Edit(char Op, string Line, int Before, int After);
}
