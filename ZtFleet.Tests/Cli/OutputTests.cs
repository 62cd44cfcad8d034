extern alias cli;

using cli::ZtFleet.Cli.Hosting;
using cli::ZtFleet.Cli.Output;

namespace ZtFleet.Tests.Cli;

/// <summary>The CLI's pure pieces: CSV cells a spreadsheet will not run, aligned tables that data cannot drive, times.</summary>
public sealed class OutputTests
{
    [Theory]
    [InlineData("plc-1", "plc-1")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+49 30 1234", "'+49 30 1234")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")]
    [InlineData("", "")]
    public void Csv_cells_are_quoted_and_never_start_a_formula(string value, string cell) =>
        Assert.Equal(cell, CsvCell.Format(value));

    [Fact]
    public void Aligned_tables_pad_columns_and_show_control_characters_as_question_marks()
    {
        var table = new Table("id", "name", "zone").Add("plc-1", "Press\u001b[31m PLC", "cell-1").Add("hmi-10", "HMI\nline 2", "");
        var output = new StringWriter { NewLine = "\n" };

        table.WriteAligned(output);

        Assert.Equal("ID      NAME            ZONE\nplc-1   Press?[31m PLC  cell-1\nhmi-10  HMI line 2\n", output.ToString());
    }

    [Theory]
    [InlineData("+2h", "2026-12-05T10:00:00Z")]
    [InlineData("-30m", "2026-12-05T07:30:00Z")]
    [InlineData("1d", "2026-12-06T08:00:00Z")]
    [InlineData("now", "2026-12-05T08:00:00Z")]
    [InlineData("2026-12-24T06:00", "2026-12-24T06:00:00Z")]
    [InlineData("2026-12-24T07:00+01:00", "2026-12-24T06:00:00Z")]
    public void Times_are_iso_8601_or_offsets_from_now(string text, string expected)
    {
        var now = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimeArg.Parse(text, "--until", now)!.ToDateTimeOffset());
    }

    [Fact]
    public void A_time_that_is_none_of_these_is_a_usage_error() =>
        Assert.Throws<UsageException>(() => TimeArg.Parse("tomorrow-ish", "--until", DateTimeOffset.UnixEpoch));
}
