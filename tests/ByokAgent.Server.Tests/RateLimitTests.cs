using System.Net;
using ByokAgent.Server.Tests.TestSupport;

namespace ByokAgent.Server.Tests;

/// <summary><c>ByokAgent:Server:RequestsPerMinute</c>: a fixed window per project, 429 <c>rate_limited</c> with <c>retry-after</c> past it.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task ThirdRequestInAMinute_Is429WithRetryAfter_AndOtherProjectsAreNotLimited()
    {
        await using var server = ServerFactory.With(new Dictionary<string, string?> { ["ByokAgent:Server:RequestsPerMinute"] = "2" });
        var busy = await server.CreateProjectAsync();
        var other = await server.CreateProjectAsync();

        await (await busy.Client.GetAsync("/v1/sessions")).ShouldBeAsync(HttpStatusCode.OK);
        await (await busy.Client.PostAsync("/v1/sessions", null)).ShouldBeAsync(HttpStatusCode.Created);
        var limited = await busy.Client.GetAsync("/v1/sessions");

        await limited.ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
        retryAfter.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(1));
        await (await other.Client.GetAsync("/v1/sessions")).ShouldBeAsync(HttpStatusCode.OK);
        await (await server.CreateClient(apiKey: null).GetAsync("/healthz")).ShouldBeAsync(HttpStatusCode.OK);
    }
}
