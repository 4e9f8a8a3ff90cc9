package dev.docket.bench;

import dev.docket.Docket;
import dev.docket.broker.sqs.SqsBroker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Docket on SQS, counting SQS API requests per job: every HTTP request the SDK sends while a run
 * is measured (sends, receives including empty long polls, deletes, visibility changes, queue
 * admin), divided by the jobs of the run. The bulk run includes the purge that follows it.
 */
final class SqsSubject implements Subject {

  private final SqsBroker broker;
  private final DocketSubject docket;
  private final RequestLog log;

  SqsSubject(SqsTarget target, int workers, int concurrency, String queuePrefix,
      PrintStream out) {
    this.broker = SqsBroker.create(target.config());
    this.docket = new DocketSubject(Docket.builder().broker(broker).build(), workers,
        concurrency, queuePrefix);
    this.log = new RequestLog(name(), out);
  }

  @Override
  public String name() {
    return "docket-sqs";
  }

  /** Requests of the last run of each kind. */
  RequestLog requests() {
    return log;
  }

  @Override
  public double bulkEnqueue(int jobs, int batch) throws Exception {
    return counted("bulk", jobs, () -> docket.bulkEnqueue(jobs, batch));
  }

  @Override
  public double endToEnd(int jobs, int batch, Duration timeout) throws Exception {
    return counted("end-to-end", jobs, () -> docket.endToEnd(jobs, batch, timeout));
  }

  @Override
  public LatencyRun latency(int jobs, int perSecond, Duration timeout) throws Exception {
    return counted("latency", jobs, () -> docket.latency(jobs, perSecond, timeout));
  }

  /** Runs {@code run} and logs the SQS requests it sent as a run of {@code kind}. */
  private <T> T counted(String kind, int jobs, Callable<T> run) throws Exception {
    Map<String, Long> before = broker.requestCounts();
    T result = run.call();
    log.record(kind, jobs, before, broker.requestCounts());
    return result;
  }

  @Override
  public void close() {
    docket.close();
  }
}
