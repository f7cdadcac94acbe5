using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Domain.Tests.Deployments;

/// <summary>The decisions of the admin deploy and remove commands on a module's history (stream <c>module:&lt;name&gt;</c>).</summary>
public sealed class DeployedModuleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static DeployedModule History(params object[] events)
    {
        var module = new DeployedModule();
        foreach (var e in events)
        {
            if (e is ModuleDeployed deployed) module.Apply(deployed);
            else module.Apply((ModuleRemoved)e);
        }
        return module;
    }

    private static ModuleDeployed Deployed(string sha256) => new("hello", At, sha256, 10, "api", "api@127.0.0.1");

    [Fact]
    public void A_first_deployment_is_recorded()
    {
        var e = Assert.Single(DeployedModule.Deploy(null, "hello", "aa", 10, "api", "api@127.0.0.1", At));
        Assert.Equal(("hello", "aa", 10L), (e.Module, e.Sha256, e.SizeBytes));
    }

    [Fact]
    public void Deploying_the_current_bytes_again_is_no_change()
    {
        Assert.Empty(DeployedModule.Deploy(History(Deployed("aa")), "hello", "aa", 10, "api", "api@127.0.0.1", At));
        Assert.Single(DeployedModule.Deploy(History(Deployed("aa")), "hello", "bb", 10, "api", "api@127.0.0.1", At));
    }

    [Fact]
    public void The_same_bytes_after_a_removal_are_a_new_deployment()
    {
        var removed = History(Deployed("aa"), new ModuleRemoved("hello", At, "api@127.0.0.1", "api"));
        Assert.False(removed.IsCurrent);
        Assert.Single(DeployedModule.Deploy(removed, "hello", "aa", 10, "api", "api@127.0.0.1", At));
    }

    [Fact]
    public void Removing_a_module_not_deployed_is_no_change_unless_an_instance_serves_it()
    {
        Assert.Empty(DeployedModule.Remove(null, "hello", "api@127.0.0.1", "api", At));
        Assert.Single(DeployedModule.Remove(null, "hello", "api@127.0.0.1", "api", At, served: true));
        Assert.Single(DeployedModule.Remove(History(Deployed("aa")), "hello", "api@127.0.0.1", "api", At));
    }

    [Fact]
    public void Applying_the_history_counts_deployments_and_keeps_the_latest()
    {
        var module = History(Deployed("aa"), Deployed("bb"));
        Assert.Equal((2, "bb", true), (module.Deployments, module.Sha256, module.IsCurrent));
    }
}
