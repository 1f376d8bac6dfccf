using System.Net;
using ByokAgent.Server.Tests.TestSupport;

namespace ByokAgent.Server.Tests;

/// <summary>What operators and client generators read without a key: liveness, readiness and the OpenAPI document.</summary>
public sealed class OperationsEndpointTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Healthz_AndReadyz_AnswerWithoutAKey()
    {
        using var client = server.CreateClient(apiKey: null);

        (await (await client.GetAsync("/healthz")).ShouldBeAsync(HttpStatusCode.OK)).Text("status").Should().Be("ok");
        (await (await client.GetAsync("/readyz")).ShouldBeAsync(HttpStatusCode.OK)).Text("status").Should().Be("ready");
    }

    [Fact]
    public async Task OpenApi_ListsEveryV1Route()
    {
        using var client = server.CreateClient(apiKey: null);

        var document = await (await client.GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.OK);

        var routes = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .ToList();
        routes.Should().BeEquivalentTo(
            "POST /v1/agent",
            "POST /v1/sessions",
            "GET /v1/sessions",
            "GET /v1/sessions/{sessionId}",
            "DELETE /v1/sessions/{sessionId}",
            "POST /v1/sessions/{sessionId}/messages",
            "GET /v1/project/llm",
            "PUT /v1/project/llm",
            "DELETE /v1/project/llm",
            "GET /v1/files",
            "GET /v1/files/{path}",
            "PUT /v1/files/{path}",
            "DELETE /v1/files/{path}",
            "GET /v1/usage");
    }
}
