/**
 * The Amazon SQS broker ({@code sqs://}), on the AWS SDK for Java v2. The SDK ships automatic
 * modules only, hence the suppressed warnings; the SQS client and core modules are transitive
 * because {@code SqsBroker.client} hands out an {@code SqsClient} built like the broker's.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.docket.broker.sqs {
  requires transitive dev.docket.api;
  requires org.slf4j;
  requires transitive software.amazon.awssdk.services.sqs;
  requires transitive software.amazon.awssdk.core;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.identity.spi;
  requires software.amazon.awssdk.utils;

  exports dev.docket.broker.sqs;

  uses dev.docket.spi.StoreProvider;

  provides dev.docket.spi.BrokerProvider with dev.docket.broker.sqs.SqsBrokerProvider;
}
