using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.PluginTelemetry;

namespace WinBack.Plugins
{
    /// <summary>
    /// Base class of every WinBack plug-in, in the shape of the `pac plugin init` template.
    /// Dataverse caches one instance per registered step and calls it on many threads at once, so this class and its
    /// derived classes keep nothing about a call in fields: everything a call needs lives in the
    /// <see cref="LocalPluginContext"/> built for that call.
    /// </summary>
    public abstract class PluginBase : IPlugin
    {
        protected PluginBase(Type pluginType)
        {
            if (pluginType == null)
            {
                throw new ArgumentNullException(nameof(pluginType));
            }

            PluginClassName = pluginType.FullName ?? pluginType.Name;
        }

        /// <summary>The full name of the derived class, used in traces.</summary>
        protected string PluginClassName { get; }

        /// <summary>Called by Dataverse. Builds the per-call context, runs the plug-in and turns failures into readable errors.</summary>
        public void Execute(IServiceProvider serviceProvider)
        {
            if (serviceProvider == null)
            {
                throw new InvalidPluginExecutionException("The plug-in was started without its services. Ask your administrator to check the plug-in registration.");
            }

            var context = new LocalPluginContext(serviceProvider);
            var execution = context.PluginExecutionContext;
            context.Trace(string.Format(
                CultureInfo.InvariantCulture,
                "Entered {0}: {1} of {2} {3}, stage {4}, mode {5}, depth {6}, initiating user {7}.",
                PluginClassName,
                execution.MessageName,
                execution.PrimaryEntityName,
                execution.PrimaryEntityId,
                execution.Stage,
                execution.Mode,
                execution.Depth,
                execution.InitiatingUserId));

            try
            {
                ExecuteDataversePlugin(context);
            }
            catch (InvalidPluginExecutionException refusal)
            {
                // A refusal already written for the user: pass it through unchanged.
                context.Trace("Refused: " + refusal.Message);
                throw;
            }
            catch (FaultException<OrganizationServiceFault> fault)
            {
                context.Trace("Dataverse fault " + fault.Detail?.ErrorCode.ToString("X8", CultureInfo.InvariantCulture) + ": " + fault);
                throw new InvalidPluginExecutionException(
                    "WinBack could not finish because Dataverse refused an operation: " + UserText.Plain(fault.Message)
                    + " If this keeps happening, give your administrator the correlation id " + context.CorrelationId + ".",
                    fault);
            }
            catch (Exception unexpected) when (!(unexpected is OutOfMemoryException || unexpected is StackOverflowException))
            {
                // The details (type, message, stack) go to the trace log under the correlation id, never to the user:
                // they mean nothing to a reader and may quote data the user should not see.
                context.Trace("Unexpected failure (correlation id " + context.CorrelationId + "): " + unexpected);
                context.Logger?.LogError(unexpected, "{0} failed (correlation id {1}).", PluginClassName, context.CorrelationId);
                throw new InvalidPluginExecutionException(
                    "WinBack could not finish because of an unexpected problem. Try again; if it happens again, give your"
                    + " administrator the correlation id " + context.CorrelationId + " so they can find the details in the plug-in trace log.",
                    unexpected);
            }
            finally
            {
                context.Trace("Exiting " + PluginClassName + ".");
            }
        }

        /// <summary>The plug-in's own work. Throw <see cref="InvalidPluginExecutionException"/> for refusals a user should read.</summary>
        protected abstract void ExecuteDataversePlugin(ILocalPluginContext context);
    }

    /// <summary>What a plug-in receives for one call: the execution context and the services resolved for that call.</summary>
    public interface ILocalPluginContext
    {
        /// <summary>The execution context of this call.</summary>
        IPluginExecutionContext PluginExecutionContext { get; }

        /// <summary>Organization service acting as the user the step runs as (the calling user unless the step says otherwise).</summary>
        IOrganizationService PluginUserService { get; }

        /// <summary>Organization service acting as the user whose action started the call.</summary>
        IOrganizationService InitiatingUserService { get; }

        /// <summary>Organization service acting as SYSTEM, for work the calling user is not allowed to do by themselves.</summary>
        IOrganizationService SystemService { get; }

        /// <summary>Tracing that prefixes every line with the correlation id.</summary>
        ITracingService TracingService { get; }

        /// <summary>Application Insights logger, when the environment provides one.</summary>
        ILogger? Logger { get; }

        /// <summary>Identifies this call and every operation it causes, across plug-ins and traces.</summary>
        Guid CorrelationId { get; }

        /// <summary>For services the base does not resolve.</summary>
        IServiceProvider ServiceProvider { get; }

        /// <summary>Writes one line to the trace log, prefixed with the correlation id and the calling member.</summary>
        void Trace(string message, [CallerMemberName] string? method = null);
    }

    /// <summary>The services of one plug-in call, resolved once when the call starts.</summary>
    public sealed class LocalPluginContext : ILocalPluginContext
    {
        public LocalPluginContext(IServiceProvider serviceProvider)
        {
            ServiceProvider = serviceProvider ?? throw new ArgumentNullException(nameof(serviceProvider));

            PluginExecutionContext = Resolve<IPluginExecutionContext>(serviceProvider)
                ?? throw new InvalidPluginExecutionException("The plug-in was started without an execution context. Ask your administrator to check the plug-in registration.");
            CorrelationId = PluginExecutionContext.CorrelationId;
            TracingService = new CorrelatedTracingService(Resolve<ITracingService>(serviceProvider), CorrelationId);
            Logger = Resolve<ILogger>(serviceProvider);

            var factory = Resolve<IOrganizationServiceFactory>(serviceProvider)
                ?? throw new InvalidPluginExecutionException("The plug-in was started without an organization service. Ask your administrator to check the plug-in registration.");
            PluginUserService = factory.CreateOrganizationService(PluginExecutionContext.UserId);
            InitiatingUserService = PluginExecutionContext.InitiatingUserId == PluginExecutionContext.UserId
                ? PluginUserService
                : factory.CreateOrganizationService(PluginExecutionContext.InitiatingUserId);
            SystemService = factory.CreateOrganizationService(null);
        }

        public IPluginExecutionContext PluginExecutionContext { get; }
        public IOrganizationService PluginUserService { get; }
        public IOrganizationService InitiatingUserService { get; }
        public IOrganizationService SystemService { get; }
        public ITracingService TracingService { get; }
        public ILogger? Logger { get; }
        public Guid CorrelationId { get; }
        public IServiceProvider ServiceProvider { get; }

        public void Trace(string message, [CallerMemberName] string? method = null)
        {
            if (string.IsNullOrWhiteSpace(message))
            {
                return;
            }

            TracingService.Trace("{0}", method == null ? message : "[" + method + "] " + message);
        }

        private static T? Resolve<T>(IServiceProvider serviceProvider)
            where T : class
            => serviceProvider.GetService(typeof(T)) as T;
    }

    /// <summary>Prefixes each trace line with the correlation id, so one call's lines can be found among many.</summary>
    internal sealed class CorrelatedTracingService : ITracingService
    {
        private readonly ITracingService? inner;
        private readonly string prefix;

        public CorrelatedTracingService(ITracingService? inner, Guid correlationId)
        {
            this.inner = inner;
            prefix = "[" + correlationId.ToString("D") + "] ";
        }

        public void Trace(string format, params object[] args)
        {
            if (inner == null || format == null)
            {
                return;
            }

            var text = args == null || args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
            inner.Trace("{0}", prefix + text);
        }
    }
}
