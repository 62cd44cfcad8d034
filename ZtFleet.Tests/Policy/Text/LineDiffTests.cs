using ZtFleet.Policy.Text;

namespace ZtFleet.Tests.Policy.Text;

public sealed class LineDiffTests
{
    [Fact]
    public void Equal_texts_have_no_diff()
    {
        Assert.Equal(string.Empty, LineDiff.Unified("a\nb\n", "a\nb\n", "x", "y"));
    }

    [Fact]
    public void An_added_block_is_one_hunk_with_its_context_as_diff_prints_it()
    {
        var before = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 6\n", "line 6\nnew a\nnew b\n", StringComparison.Ordinal);

        var diff = LineDiff.Unified(before, after, "current", "proposed");

        Assert.Equal(
            "--- current\n+++ proposed\n@@ -4,6 +4,8 @@\n line 4\n line 5\n line 6\n+new a\n+new b\n line 7\n line 8\n line 9\n",
            diff);
    }

    [Fact]
    public void Changes_far_apart_are_separate_hunks_and_a_changed_line_is_removed_then_added()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 2\n", "line two\n", StringComparison.Ordinal).Replace("line 18\n", "line 18\nline 18b\n", StringComparison.Ordinal);

        var diff = LineDiff.Unified(before, after, "a", "b");

        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n", diff, StringComparison.Ordinal);
        Assert.Contains("+line 18b\n", diff, StringComparison.Ordinal);
    }
}
