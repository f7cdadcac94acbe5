using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary><c>mik circuits [reset MODULE]</c> and <c>mik instances</c> / <c>mik ps</c> on the published binary.</summary>
public sealed class CliCircuitsTests(AdminCliFixture server) : IClassFixture<AdminCliFixture>
{
    [Fact]
    public async Task Circuits_lists_each_breaker_and_reset_closes_one_recording_who_did_it()
    {
        var reset = Assert.Single((await server.RunAsync("circuits", "reset", "hello")).Ok().JsonLines);
        Assert.Equal("hello", reset.GetProperty("module").GetString());
        Assert.Equal("closed", reset.GetProperty("state").GetString());

        foreach (var args in new[] { new[] { "circuits" }, ["circuits", "--json"] })
        {
            var circuit = Assert.Single((await server.RunAsync(args)).Ok().JsonLines, c => c.GetProperty("module").GetString() == "hello");
            Assert.Equal("closed", circuit.GetProperty("state").GetString());
            Assert.True(circuit.GetProperty("failure_threshold").GetInt32() > 0);
        }

        var history = (await server.RunAsync("modules", "history", "hello")).Ok().JsonLines;
        var recorded = Assert.Single(history, e => e.GetProperty("type").GetString() == "circuit_reset");
        Assert.StartsWith("api@", recorded.GetProperty("data").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Resetting_the_circuit_of_an_unknown_module_is_exit_1_naming_it()
    {
        Assert.Equal("mik: no module named 'nope'", (await server.RunAsync("circuits", "reset", "nope")).SingleErrorLine(1));
    }

    [Fact]
    public async Task Instances_and_ps_list_this_running_instance()
    {
        var id = (await File.ReadAllTextAsync(Path.Combine(server.Sandbox.StateDirectory, "instance-id"), TestContext.Current.CancellationToken)).Trim();
        foreach (var command in new[] { "instances", "ps" })
        {
            // A just-started instance reaches the projection these commands read a moment later.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var instances = (await server.RunAsync(command)).Ok().JsonLines;
            while (!instances.Any(i => i.GetProperty("id").GetString() == id) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
                instances = (await server.RunAsync(command)).Ok().JsonLines;
            }
            var self = Assert.Single(instances, i => i.GetProperty("id").GetString() == id);
            Assert.Equal("running", self.GetProperty("status").GetString());
        }
    }
}
