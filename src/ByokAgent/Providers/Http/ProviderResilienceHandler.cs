using Polly;
using Polly.Timeout;

namespace ByokAgent.Providers.Http;

/// <summary>Runs every request of a provider call through the call's resilience pipeline (<see cref="ProviderResiliencePipelines"/>).</summary>
/// <remarks>
/// <para>Hand-written rather than Microsoft.Extensions.Http.Resilience's <c>ResilienceHandler</c> for two things that one
/// lacks: the call's start time for the "time left" rule of wait hints, and timeouts surfaced the way
/// <see cref="HttpClient"/> surfaces its own (a <see cref="TaskCanceledException"/> with an inner
/// <see cref="TimeoutException"/>), which every SDK and the translator already read as "no answer in time" instead of
/// Polly's <see cref="TimeoutRejectedException"/>.</para>
/// <para>A retry sends the same request message again below <see cref="HttpClient"/>: its content is an in-memory body
/// (JSON, or Bedrock's signed bytes, whose signature stays valid for minutes).</para>
/// <para>The answer's body is handed on behind a <see cref="StallGuardStream"/> with the attempt timeout as idle limit: the
/// SDKs' own timeouts wrap this loop and are the long total one, so without it a stalled stream would hang that long.</para>
/// </remarks>
internal sealed class ProviderResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline, TimeSpan idleTimeout, TimeProvider time, HttpMessageHandler innerHandler)
    : DelegatingHandler(innerHandler)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ProviderRetryDecision.StartedAt, time.GetTimestamp());
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (attemptContext, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendAttemptAsync(state.Request, attemptContext.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception exception)
                    {
                        return Outcome.FromException<HttpResponseMessage>(exception);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);

            if (outcome.Exception is TimeoutRejectedException timedOut)
            {
                throw new TaskCanceledException("The provider did not start answering in time.", new TimeoutException(timedOut.Message, timedOut));
            }

            outcome.ThrowIfException();
            var response = outcome.Result!;
            response.Content = new StallGuardContent(response.Content, idleTimeout);
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
