extern alias plugins;

using System.Reflection;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using PluginBase = plugins::WinBack.Plugins.PluginBase;
using ILocalPluginContext = plugins::WinBack.Plugins.ILocalPluginContext;

namespace WinBack.Plugins.Tests;

/// <summary>What a user reads and what an administrator finds in the trace log when a plug-in fails.</summary>
public sealed class PluginBaseTests
{
    private static readonly Guid Correlation = new("5a0c2f3e-1d4b-4c6a-9e8f-0123456789ab");

    private sealed class Failing : PluginBase
    {
        private readonly Exception failure;

        public Failing(Exception failure)
            : base(typeof(Failing)) => this.failure = failure;

        protected override void ExecuteDataversePlugin(ILocalPluginContext context) => throw failure;
    }

    [Fact]
    public void An_unexpected_failure_tells_the_user_in_plain_words_what_to_do_and_traces_the_details_under_the_correlation_id()
    {
        var traces = new List<string>();
        var failure = new InvalidOperationException("<b>Row 42 of customer 'Jane <script>' is locked</b>");

        var refusal = Assert.Throws<InvalidPluginExecutionException>(() => new Failing(failure).Execute(Services(traces)));

        Assert.Contains("WinBack could not finish because of an unexpected problem", refusal.Message);
        Assert.Contains("give your administrator the correlation id " + Correlation, refusal.Message);
        Assert.DoesNotContain("Jane", refusal.Message);
        Assert.DoesNotContain("<", refusal.Message);
        Assert.DoesNotContain("InvalidOperationException", refusal.Message);
        Assert.Contains(traces, t => t.Contains(Correlation.ToString()) && t.Contains("InvalidOperationException") && t.Contains("is locked"));
    }

    [Fact]
    public void A_Dataverse_fault_is_passed_on_without_markup_and_with_the_correlation_id()
    {
        var traces = new List<string>();
        var fault = new OrganizationServiceFault { ErrorCode = -2147220891, Message = "The record <i>Contoso</i> is locked." };
        var failure = new FaultException<OrganizationServiceFault>(fault, new FaultReason(fault.Message));

        var refusal = Assert.Throws<InvalidPluginExecutionException>(() => new Failing(failure).Execute(Services(traces)));

        Assert.Contains("Dataverse refused an operation: The record ‹i›Contoso‹/i› is locked.", refusal.Message);
        Assert.Contains(Correlation.ToString(), refusal.Message);
        Assert.DoesNotContain("<", refusal.Message);
    }

    [Fact]
    public void A_refusal_written_for_the_user_passes_through_unchanged()
    {
        var refusal = new InvalidPluginExecutionException("Run it on an account.");

        var thrown = Assert.Throws<InvalidPluginExecutionException>(() => new Failing(refusal).Execute(Services(new List<string>())));

        Assert.Same(refusal, thrown);
    }

    private static IServiceProvider Services(List<string> traces)
    {
        var context = Fake<IPluginExecutionContext>(new Dictionary<string, object?>
        {
            ["get_CorrelationId"] = Correlation,
            ["get_MessageName"] = "Update",
            ["get_PrimaryEntityName"] = "account",
            ["get_InputParameters"] = new ParameterCollection(),
        });
        var tracing = Fake<ITracingService>(new Dictionary<string, object?>(), (name, args) =>
        {
            if (name == "Trace") traces.Add(string.Format((string)args[0]!, (object?[])args[1]!));
        });
        var organization = Fake<IOrganizationService>(new Dictionary<string, object?>());
        var factory = Fake<IOrganizationServiceFactory>(new Dictionary<string, object?> { ["CreateOrganizationService"] = organization });
        return Fake<IServiceProvider>(new Dictionary<string, object?>(), null, type =>
            type == typeof(IPluginExecutionContext) ? context
            : type == typeof(ITracingService) ? tracing
            : type == typeof(IOrganizationServiceFactory) ? factory
            : null);
    }

    private static T Fake<T>(Dictionary<string, object?> answers, Action<string, object?[]>? calls = null, Func<Type, object?>? services = null)
        where T : class
    {
        var fake = DispatchProxy.Create<T, FakeProxy>();
        var proxy = (FakeProxy)(object)fake;
        proxy.Answers = answers;
        proxy.Calls = calls;
        proxy.Services = services;
        return fake;
    }

    /// <summary>Answers an interface's members from a table; everything else returns its type's default.</summary>
    public class FakeProxy : DispatchProxy
    {
        internal Dictionary<string, object?> Answers { get; set; } = new();
        internal Action<string, object?[]>? Calls { get; set; }
        internal Func<Type, object?>? Services { get; set; }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            args ??= Array.Empty<object?>();
            Calls?.Invoke(method!.Name, args);
            if (method!.Name == "GetService" && Services != null) return Services((Type)args[0]!);
            if (Answers.TryGetValue(method.Name, out var answer)) return answer;
            return method.ReturnType.IsValueType && method.ReturnType != typeof(void) ? Activator.CreateInstance(method.ReturnType) : null;
        }
    }
}
