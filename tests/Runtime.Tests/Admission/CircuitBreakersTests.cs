using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Tests.Admission;

public sealed class CircuitBreakersTests
{
    [Fact]
    public void A_module_may_override_the_breaker_thresholds()
    {
        var config = new MikConfig();
        config.Modules["fragile"] = new ModuleOptions { FailureThreshold = 1, RecoveryTimeoutSecs = 300 };
        var breakers = new CircuitBreakers(config, TimeProvider.System);

        Assert.Equal((1, TimeSpan.FromMinutes(5)), (breakers.PolicyFor("fragile").FailureThreshold, breakers.PolicyFor("fragile").RecoveryTimeout));
        Assert.Equal((5, TimeSpan.FromSeconds(30)), (breakers.PolicyFor("other").FailureThreshold, breakers.PolicyFor("other").RecoveryTimeout));
        Assert.Same(breakers.For("fragile"), breakers.For("fragile"));
    }
}
