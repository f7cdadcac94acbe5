using Mik.Durable.EndToEnd.Tests.Deploy;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>The catalogue as a whole: big enough, one name per row, and docs/reliability.md showing exactly what runs.</summary>
public sealed class CatalogueAsAWholeTests
{
    private static readonly string[] Areas = ["runtime-http", "guest", "admin-api", "config", "filesystem"];

    private static IReadOnlyList<BadInputCase> All =>
    [
        .. RuntimeHttpCases.Cases, .. GuestCases.Cases, .. AdminApiCases.Cases,
        .. ConfigCases.All.Select(c => c.Row), .. FilesystemCases.All.Select(c => c.Row),
    ];

    [Fact]
    public void The_catalogue_has_at_least_80_rows_each_with_a_name_of_its_own_and_a_known_area()
    {
        Assert.True(All.Count >= 80, $"{All.Count} rows");
        Assert.Empty(All.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(All, c => Assert.Contains(c.Area, Areas));
        Assert.All(Areas, area => Assert.Contains(All, c => c.Area == area));
    }

    [Fact]
    public void Docs_reliability_lists_every_row_with_its_expected_answer_and_no_other()
    {
        var section = SectionOf(RepoFiles.Read("docs", "reliability.md"), "## Bad-input catalogue");
        var documented = section.Split('\n')
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length >= 4 && cells[1] is not "Name" && !cells[1].StartsWith("---", StringComparison.Ordinal))
            .ToDictionary(cells => cells[1], cells => cells[3]);

        var expected = All.ToDictionary(c => c.Name, c => c.Expected);
        Assert.Equal(expected.Keys.Order(), documented.Keys.Order());
        Assert.All(expected, row => Assert.Equal(row.Value, documented[row.Key]));
    }

    private static string SectionOf(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, heading + " not found");
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }
}
