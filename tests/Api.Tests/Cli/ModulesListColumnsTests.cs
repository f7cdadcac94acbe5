using System.Text.Json;
using Mik.Durable.Api.Cli;

namespace Mik.Durable.Api.Tests.Cli;

/// <summary>The table of <c>mik modules list</c>: a module whose instances disagree stands out.</summary>
public sealed class ModulesListColumnsTests
{
    [Theory]
    [InlineData("""{"name":"a","split":true}""", "SPLIT")]
    [InlineData("""{"name":"a","split":false}""", "")]
    [InlineData("""{"name":"a","split":null}""", "")]
    public void The_cluster_column_marks_a_split_module(string row, string expected)
    {
        using var json = JsonDocument.Parse(row);
        var cluster = ModulesListCommand.Columns.Single(c => c.Heading == "CLUSTER");
        Assert.Equal(expected, cluster.Cell(json.RootElement));
    }
}
