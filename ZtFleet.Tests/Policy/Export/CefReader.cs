using System.Text;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>
/// Reads CEF as a receiver does (independently of the formatter): seven header fields split on unescaped <c>|</c>,
/// then <c>key=value</c> pairs where a value runs to the space before the next unescaped <c>key=</c>.
/// </summary>
internal static class CefReader
{
    public static (IReadOnlyList<string> Header, IReadOnlyDictionary<string, string> Extensions) Parse(string line)
    {
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        var header = new List<string>();
        var field = new StringBuilder();
        var at = 0;
        while (header.Count < 7)
        {
            var c = line[at++];
            if (c == '\\' && header.Count > 0 && line[at] is '\\' or '|')
            {
                field.Append(line[at++]);
            }
            else if (c == '|')
            {
                header.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        var extensions = new Dictionary<string, string>();
        var rest = line[at..];
        var starts = new List<(int Start, int Sign)>();
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == '=' && !Escaped(rest, i))
            {
                var keyStart = i;
                while (keyStart > 0 && (char.IsAsciiLetterOrDigit(rest[keyStart - 1]) || rest[keyStart - 1] == '_'))
                {
                    keyStart--;
                }

                Assert.True(keyStart == 0 || rest[keyStart - 1] == ' ', $"unescaped '=' inside a value at {i}: {rest}");
                starts.Add((keyStart, i));
            }
        }

        for (var k = 0; k < starts.Count; k++)
        {
            var key = rest[starts[k].Start..starts[k].Sign];
            var end = k + 1 < starts.Count ? starts[k + 1].Start - 1 : rest.Length;
            extensions.Add(key, Unescape(rest[(starts[k].Sign + 1)..end]));
        }

        return (header, extensions);
    }

    private static bool Escaped(string text, int at)
    {
        var backslashes = 0;
        for (var i = at - 1; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                text.Append(next switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    _ => next,
                });
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }
}
