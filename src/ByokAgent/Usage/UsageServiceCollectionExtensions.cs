using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ByokAgent.Usage;

/// <summary>Registers usage accounting: the price table, the usage reports and the budget guard.</summary>
public static class UsageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ByokAgent:Usage</c> (validated at start) and registers <see cref="PriceTable"/>, <see cref="UsageReporter"/>
    /// and <see cref="BudgetGuard"/>. The <see cref="IUsageStore"/> comes with the storage (SQLite or PostgreSQL).
    /// </summary>
    public static IServiceCollection AddByokUsage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<UsageOptions>().Bind(configuration.GetSection(UsageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<PriceTable>();
        services.TryAddSingleton<UsageReporter>();
        services.TryAddSingleton<BudgetGuard>();
        return services;
    }
}
