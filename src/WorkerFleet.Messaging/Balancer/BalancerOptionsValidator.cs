using Microsoft.Extensions.Options;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>Fails balancer start-up with every broken rule, each naming its setting.</summary>
internal sealed class BalancerOptionsValidator : IValidateOptions<BalancerOptions>
{
    public ValidateOptionsResult Validate(string? name, BalancerOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
