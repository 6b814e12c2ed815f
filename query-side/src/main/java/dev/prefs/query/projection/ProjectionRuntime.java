package dev.prefs.query.projection;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the event processors of the projection builds, built at run time rather than declared to Axon's
 * configuration, because builds come and go while the service runs: one pooled streaming processor per build that is
 * live, on standby, or building and past its bulk phase, each with its own tokens and its own JDBC dead-letter queue
 * (a failing event is parked with the rest of its user's sequence, and processing goes on).
 * {@link #reconcile()} starts and stops processors to match the registry; it runs at start-up, after every switch
 * announcement and periodically.
 */
public final class ProjectionRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRuntime.class);

    /** What a build needs at run time; its processor only while it follows events. */
    private record Running(DeadLetteringEventHandlerInvoker invoker,
                           SequencedDeadLetterQueue<EventMessage<?>> queue, PooledStreamingEventProcessor processor,
                           List<ExecutorService> executors) {
    }

    /** Collaborators a processor is built from (Axon's, in this application's configuration). */
    public record Axon(StreamableMessageSource<TrackedEventMessage<?>> eventStore, TokenStore tokenStore,
                       TransactionManager transactionManager, ConnectionProvider connectionProvider,
                       DeadLetterSchema deadLetterSchema, Serializer serializer) {
    }

    private final Map<String, ProjectionVersion<?>> declared;
    private final ProjectionRegistry registry;
    private final LiveProjections liveProjections;
    private final CommitSignals signals;
    private final Axon axon;
    private final int batchSize;
    private final GlobalIndexes globalIndexes;
    private final ClaimSettings claims;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Running> idle = new ConcurrentHashMap<>();
    private volatile boolean started;
    private ExecutorService reconciler;

    ProjectionRuntime(List<ProjectionVersion<?>> declared, ProjectionRegistry registry,
                      LiveProjections liveProjections, CommitSignals signals, Axon axon, int batchSize,
                      GlobalIndexes globalIndexes, ClaimSettings claims) {
        this.declared = declared.stream().collect(Collectors.toUnmodifiableMap(
                v -> v.name() + "/" + v.version(), v -> v));
        this.registry = registry;
        this.liveProjections = liveProjections;
        this.signals = signals;
        this.axon = axon;
        this.batchSize = batchSize;
        this.globalIndexes = globalIndexes;
        this.claims = claims;
    }

    /** The declared (code) version {@code version} of {@code name}, if this build of the code has it. */
    public Optional<ProjectionVersion<?>> declared(String name, int version) {
        return Optional.ofNullable(declared.get(name + "/" + version));
    }

    public Collection<ProjectionVersion<?>> declared() {
        return declared.values();
    }

    /** The build a registry row describes, if its version is declared in this code. */
    public Optional<Build<?>> build(RegisteredBuild row) {
        return declared(row.name(), row.version()).map(version -> new Build<>(version, row.generation()));
    }

    /** Starts the processors of following builds, stops the others', as the registry says now. */
    public synchronized void reconcile() {
        if (!started) {
            return;
        }
        Set<String> wanted = ConcurrentHashMap.newKeySet();
        for (RegisteredBuild row : registry.builds()) {
            Optional<Build<?>> build = build(row);
            if (row.following() && build.isPresent()) {
                wanted.add(row.processingGroup());
                if (!running.containsKey(row.processingGroup())) {
                    start(build.get());
                }
            }
        }
        for (String group : Set.copyOf(running.keySet())) {
            if (!wanted.contains(group)) {
                stop(group);
            }
        }
    }

    /** {@link #reconcile()} on another thread, for callers that must not wait (the notification listener). */
    public void reconcileSoon() {
        ExecutorService current = reconciler;
        if (current != null && !current.isShutdown()) {
            current.execute(() -> {
                try {
                    reconcile();
                } catch (RuntimeException e) {
                    log.warn("Could not reconcile the projection processors with the registry", e);
                }
            });
        }
    }

    /** Sets every segment's token of {@code build}'s processor, in the caller's transaction. */
    public void initializeTokens(Build<?> build, TrackingToken token) {
        axon.tokenStore().initializeTokenSegments(build.processingGroup(), build.version().segments(), token);
    }

    /** The dead-letter queue of {@code build}'s processing group. */
    public SequencedDeadLetterQueue<EventMessage<?>> deadLetters(Build<?> build) {
        return parts(build).queue();
    }

    /**
     * Processes the dead letters of {@code build}'s processing group again, sequence by sequence, through Axon's
     * dead-letter processing; a letter that fails again stays queued. Returns how many sequences went through.
     */
    public int retryDeadLetters(Build<?> build) {
        DeadLetteringEventHandlerInvoker invoker = parts(build).invoker();
        int sequences = 0;
        long queued = parts(build).queue().amountOfSequences();
        // Each call claims one sequence; a bound keeps a sequence that keeps failing from looping forever.
        for (long attempt = 0; attempt < queued; attempt++) {
            if (invoker.process(letter -> true)) {
                sequences++;
            }
        }
        return sequences;
    }

    /**
     * Projects {@code events} into {@code build} through the same handler, batch and dead-letter queue as its
     * processor, in one unit of work and one transaction: the batch's users are loaded in one query, folded, and the
     * changed rows written before it commits; an event whose fold fails is parked in the build's dead-letter queue
     * with the rest of its user's events, as the processor would do. {@code beforeCommit} runs in the same
     * transaction, after the handler has seen every event (the bulk phase of a rebuild stores its checkpoint
     * there). The build's processor must not be running: the bulk phase of a rebuild comes before it.
     */
    public void process(Build<?> build, List<? extends EventMessage<?>> events, Runnable beforeCommit) {
        DeadLetteringEventHandlerInvoker invoker = parts(build).invoker();
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.copyOf(events));
        unitOfWork.attachTransaction(axon.transactionManager());
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            invoker.handle(unitOfWork.getMessage(), Segment.ROOT_SEGMENT);
            if (unitOfWork.isLastMessage()) {
                // Registered after the batch's own (which writes the rows), so it runs after it.
                unitOfWork.onPrepareCommit(u -> beforeCommit.run());
            }
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            if (failure instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Projecting a batch into " + build.processingGroup() + " failed",
                    failure);
        }
    }

    /** The processors running in this process, for the health indicator. */
    public List<EventProcessor> processors() {
        return running.values().stream().<EventProcessor>map(Running::processor).toList();
    }

    private Running parts(Build<?> build) {
        Running current = running.get(build.processingGroup());
        return current != null ? current
                : idle.computeIfAbsent(build.processingGroup(), group -> assemble(build, false));
    }

    private void start(Build<?> build) {
        idle.remove(build.processingGroup());
        Running parts = assemble(build, true);
        running.put(build.processingGroup(), parts);
        parts.processor().start();
    }

    private void stop(String group) {
        Running parts = running.remove(group);
        if (parts == null) {
            return;
        }
        try {
            parts.processor().shutDown();
        } finally {
            parts.executors().forEach(ExecutorService::shutdownNow);
        }
        log.info("Stopped the processor of {}", group);
    }

    private <R extends ProjectionRow> Running assemble(Build<R> build, boolean withProcessor) {
        String group = build.processingGroup();
        ProjectionEventHandler<R> handler = new ProjectionEventHandler<>(build, signals,
                () -> group.equals(liveGroup(build)), globalIndexes);
        SequencedDeadLetterQueue<EventMessage<?>> queue = JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .connectionProvider(axon.connectionProvider())
                .transactionManager(axon.transactionManager())
                .schema(axon.deadLetterSchema())
                .genericSerializer(axon.serializer())
                .eventSerializer(axon.serializer())
                .build();
        DeadLetteringEventHandlerInvoker invoker = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(handler)
                .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                // Without it the invoker's default would log a failing event and move on: the queue never sees it.
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                .queue(queue)
                .transactionManager(axon.transactionManager())
                .enableSequenceIdentifierCache()
                .build();
        if (!withProcessor) {
            return new Running(invoker, queue, null, List.of());
        }
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(threads(group + "-coord"));
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(build.version().segments(),
                threads(group + "-worker"));
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name(group)
                .eventHandlerInvoker(invoker)
                .messageSource(axon.eventStore())
                .tokenStore(axon.tokenStore())
                .transactionManager(axon.transactionManager())
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(build.version().segments())
                .batchSize(batchSize)
                // Claims of a process that is gone are taken over promptly (ClaimSettings says how).
                .tokenClaimInterval(claims.interval().toMillis())
                .claimExtensionThreshold(claims.extension().toMillis())
                .enableCoordinatorClaimExtension()
                .build();
        return new Running(invoker, queue, processor, List.of(coordinator, workers));
    }

    /** The group of the build this process reads {@code build}'s projection from (its fallback, if it has one). */
    private String liveGroup(Build<?> build) {
        try {
            return liveProjections.liveBuild(build.name()).processingGroup();
        } catch (IllegalStateException | ReadModelUnavailableException nothingToRead) {
            return null;
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void start() {
        started = true;
        reconciler = Executors.newSingleThreadExecutor(threads("projection-reconciler"));
        reconcile();
    }

    @Override
    public synchronized void stop() {
        started = false;
        reconciler.shutdownNow();
        Set.copyOf(running.keySet()).forEach(this::stop);
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** After the data source and Axon's own components, before the web server takes requests. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 4;
    }
}
