using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

public sealed class ViolationBudgetTests
{
    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(49, 10, 49)]
    [InlineData(50, 10, 50)]
    [InlineData(51, 10, 50)]
    [InlineData(3000, 10, 50)]
    [InlineData(3000, 400, 10)]
    public void A_long_list_keeps_its_first_violations_and_says_how_many_more(int count, int descriptionLength, int expected)
    {
        var violations = Enumerable.Range(0, count).Select(i => new Violation($"assets[a-{i}]", new string('d', descriptionLength))).ToList();

        var bounded = ViolationBudget.Bound(violations);

        Assert.Equal(expected, bounded.Count);
        Assert.True(bounded.Sum(v => System.Text.Encoding.UTF8.GetByteCount(v.Field + v.Description)) <= ViolationBudget.MaxBytes + 100);
        if (expected < count)
        {
            Assert.Equal(violations.Take(expected - 1), bounded.Take(expected - 1));
            Assert.Equal(new Violation("…", $"and {count - expected + 1} more problem(s) of {count} in all; fix these first"), bounded[^1]);
        }
        else
        {
            Assert.Same(violations, bounded);
        }
    }
}
