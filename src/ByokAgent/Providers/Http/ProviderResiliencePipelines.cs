using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace ByokAgent.Providers.Http;

/// <summary>
/// Builds the one retry loop of provider calls: a total timeout around jittered exponential retries around a per-attempt
/// timeout, with the retry decisions of <see cref="ProviderRetryDecision"/>.
/// </summary>
/// <remarks>
/// Polly (through Microsoft.Extensions.Http.Resilience's option types) rather than a hand-written loop, and in the shared
/// HTTP pipeline rather than in each SDK, whose own retries are switched off: one loop, one set of rules for every
/// provider. It covers the time until an answer starts; a stream that has started is never retried or cut by it.
/// </remarks>
internal static partial class ProviderResiliencePipelines
{
    public static ResiliencePipeline<HttpResponseMessage> Create(ProviderCallPolicy policy, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>
        {
            Name = $"byok-provider-{policy.ProviderId}",
            TimeProvider = time,
        };

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = policy.TotalTimeout });
        if (policy.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "retry",
                // First: this setter installs its own retry-after reader, which the delay generator below replaces with
                // every hint of shared/wire.md.
                ShouldRetryAfterHeader = false,
                MaxRetryAttempts = policy.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = policy.RetryBaseDelay,
                MaxDelay = policy.MaxRetryDelay,
                ShouldHandle = args => ProviderRetryDecision.ShouldRetryAsync(args, policy, time),
                DelayGenerator = args => ValueTask.FromResult(ProviderRetryDecision.HintedWait(args.Context)),
                OnRetry = args =>
                {
                    var hinted = ProviderRetryDecision.HintedWait(args.Context) is not null;
                    LogRetry(logger, policy.ProviderId, ProviderRetryDecision.Describe(args.Outcome), args.AttemptNumber + 1, policy.MaxRetries + 1, (long)args.RetryDelay.TotalMilliseconds, hinted ? "the provider's wait hint" : "backoff");
                    return default;
                },
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = policy.AttemptTimeout });
        return builder.Build();
    }

    // Never the key, never a body: provider, what failed, which attempt, and the wait.
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Provider} call attempt {Attempt} of {MaxAttempts} failed ({Outcome}); retrying in {WaitMs} ms ({WaitSource})")]
    private static partial void LogRetry(ILogger logger, string provider, string outcome, int attempt, int maxAttempts, long waitMs, string waitSource);
}
