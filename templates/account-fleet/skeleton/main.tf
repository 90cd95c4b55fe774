# Account baseline. The pipeline applies it to every account of an OU as the rollout reaches the
# OU; OU_NAME and ACCOUNT_IDS are set in the CodeBuild environment, and each account is reached
# through the role named by var.execution_role_name.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

variable "account_id" {
  type        = string
  description = "Account the baseline is applied to"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "execution_role_name" {
  type    = string
  default = "OrganizationAccountAccessRole"
}

provider "aws" {
  region = var.region
  assume_role {
    role_arn = "arn:aws:iam::${var.account_id}:role/${var.execution_role_name}"
  }
}

# Block public S3 access account-wide.
resource "aws_s3_account_public_access_block" "baseline" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Encrypt new EBS volumes by default.
resource "aws_ebs_encryption_by_default" "baseline" {
  enabled = true
}
